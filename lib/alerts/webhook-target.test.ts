import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedResolver, PUBLIC_WEBHOOK_HOSTS } from "@/lib/testing/fixed-resolver";
import {
  isPrivateAddress,
  postToWebhook,
  PRIVATE_TARGET_MESSAGE,
  privateTargetReason,
  PrivateTargetError,
  UNRESOLVED_TARGET_MESSAGE,
  webhookTargetRefusal,
  type HostResolver,
} from "./webhook-target";

describe("which addresses an alert webhook may reach", () => {
  it("knows private, loopback, link-local and reserved addresses, in both families", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "::1",
      "::",
      "[::1]",
      "fd00::1",
      "fe80::1",
      "fec0::1",
      "::ffff:10.0.0.1",
      "::FFFF:127.0.0.1",
      "::7f00:1",
      "::ffff:7f00:1",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "hooks.slack.com"])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it("refuses private names and addresses, and plain http, unless private targets are allowed", () => {
    for (const url of [
      "https://169.254.169.254/latest",
      "https://10.0.0.5:8443/admin",
      "https://metadata.google.internal/",
      "https://localhost/x",
      "https://printer.local/x",
      "https://[::1]/x",
      "http://127.0.0.1:9000/x",
    ]) {
      expect(privateTargetReason(url, false), url).toBe(PRIVATE_TARGET_MESSAGE);
      expect(privateTargetReason(url, true), url).toBeNull();
    }
    expect(privateTargetReason("https://hooks.slack.com/services/T/B/x", false)).toBeNull();
  });

  it("refuses IPv6 spellings of private addresses, site-local addresses, and private IPv4 in NAT64 or 6to4", () => {
    for (const url of [
      "https://[::127.0.0.1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:169.254.169.254]/latest",
      "https://[fec0::1]/",
      "https://[64:ff9b::10.0.0.1]/",
      "https://[2002:a9fe:a9fe::]/",
      "https://[2001::1]/",
      "https://[::]/",
      "https://[ff02::1]/",
      "https://0x7f.1/",
      "https://2130706433/",
      "https://0/",
    ]) {
      expect(privateTargetReason(url, false), url).toBe(PRIVATE_TARGET_MESSAGE);
    }
  });
});

describe("checking a webhook when it is saved", () => {
  // This machine has no DNS to the internet: names are answered from this table, as a resolver would.
  const resolve = fixedResolver({
    ...PUBLIC_WEBHOOK_HOSTS,
    "127.0.0.1.nip.io": ["127.0.0.1"],
    "rebind.example.com": ["93.184.216.34", "10.0.0.5"],
    "v6-inward.example.com": ["::ffff:7f00:1"],
    "site-local.example.com": ["fec0::1"],
  });

  it("accepts a name whose every address is public", async () => {
    expect(
      await webhookTargetRefusal("https://hooks.slack.com/services/T/B/x", { allowPrivate: false, resolve }),
    ).toBeNull();
  });

  it("refuses a name with any private address among its answers", async () => {
    for (const host of ["127.0.0.1.nip.io", "rebind.example.com", "v6-inward.example.com", "site-local.example.com"]) {
      expect(await webhookTargetRefusal(`https://${host}/hook`, { allowPrivate: false, resolve }), host).toBe(
        PRIVATE_TARGET_MESSAGE,
      );
    }
  });

  it("refuses a name that does not resolve, or not in time", async () => {
    expect(await webhookTargetRefusal("https://no-such-host.example.com/x", { allowPrivate: false, resolve })).toBe(
      UNRESOLVED_TARGET_MESSAGE,
    );
    expect(
      await webhookTargetRefusal("https://empty.example.com/x", { allowPrivate: false, resolve: async () => [] }),
    ).toBe(UNRESOLVED_TARGET_MESSAGE);
    const never: HostResolver = () => new Promise(() => undefined);
    const started = Date.now();
    expect(
      await webhookTargetRefusal("https://slow.example.com/x", { allowPrivate: false, resolve: never, timeoutMs: 50 }),
    ).toBe(UNRESOLVED_TARGET_MESSAGE);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("answers literal addresses and private names without DNS, and looks nothing up when private targets are allowed", async () => {
    resolve.asked.length = 0;
    expect(await webhookTargetRefusal("https://[::127.0.0.1]/", { allowPrivate: false, resolve })).toBe(
      PRIVATE_TARGET_MESSAGE,
    );
    expect(await webhookTargetRefusal("https://metadata.google.internal/", { allowPrivate: false, resolve })).toBe(
      PRIVATE_TARGET_MESSAGE,
    );
    expect(await webhookTargetRefusal("https://93.184.216.34/x", { allowPrivate: false, resolve })).toBeNull();
    expect(await webhookTargetRefusal("https://127.0.0.1.nip.io/x", { allowPrivate: true, resolve })).toBeNull();
    expect(
      await webhookTargetRefusal("https://no-such-host.example.com/x", { allowPrivate: true, resolve }),
    ).toBeNull();
    expect(resolve.asked).toEqual([]);
  });
});

describe("posting to a webhook", () => {
  let server: Server;
  let port: number;
  let calls = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      calls += 1;
      request.resume();
      request.on("end", () =>
        response.writeHead(request.url === "/redirect" ? 302 : 204, { location: "http://127.0.0.1:1/elsewhere" }).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const options = (allowPrivate: boolean) => ({ allowPrivate, timeoutMs: 2_000, userAgent: "test" });

  it("posts when private targets are allowed, and does not follow redirects", async () => {
    expect(await postToWebhook(`http://127.0.0.1:${port}/hook`, "{}", options(true))).toBe(204);
    expect(await postToWebhook(`http://127.0.0.1:${port}/redirect`, "{}", options(true))).toBe(302);
  });

  it("refuses a private address before connecting, whether written as one or reached through a name", async () => {
    const before = calls;
    await expect(postToWebhook(`http://127.0.0.1:${port}/hook`, "{}", options(false))).rejects.toBeInstanceOf(
      PrivateTargetError,
    );
    await expect(postToWebhook(`https://127.0.0.1:${port}/hook`, "{}", options(false))).rejects.toBeInstanceOf(
      PrivateTargetError,
    );
    // "localhost" passes no address check by itself: the resolved 127.0.0.1 is what is refused.
    await expect(postToWebhook(`https://localhost:${port}/hook`, "{}", options(false))).rejects.toBeInstanceOf(
      PrivateTargetError,
    );
    // IPv6 spellings of this machine, as the URL parser writes them ([::ffff:7f00:1], [::7f00:1]).
    await expect(postToWebhook(`https://[::ffff:127.0.0.1]:${port}/hook`, "{}", options(false))).rejects.toBeInstanceOf(
      PrivateTargetError,
    );
    await expect(postToWebhook(`https://[::127.0.0.1]:${port}/hook`, "{}", options(false))).rejects.toBeInstanceOf(
      PrivateTargetError,
    );
    expect(calls).toBe(before);
  });
});
