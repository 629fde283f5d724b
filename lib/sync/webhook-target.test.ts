import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress, postToWebhook, PRIVATE_TARGET_MESSAGE, privateTargetReason, PrivateTargetError } from "./webhook-target";

describe("which addresses an alert webhook may reach", () => {
  it("knows private, loopback, link-local and reserved addresses, in both families", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "[::1]", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "::FFFF:127.0.0.1"]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "hooks.slack.com"]) expect(isPrivateAddress(address), address).toBe(false);
  });

  it("refuses private names and addresses, and plain http, unless private targets are allowed", () => {
    for (const url of ["https://169.254.169.254/latest", "https://10.0.0.5:8443/admin", "https://metadata.google.internal/", "https://localhost/x", "https://printer.local/x", "https://[::1]/x", "http://127.0.0.1:9000/x"]) {
      expect(privateTargetReason(url, false), url).toBe(PRIVATE_TARGET_MESSAGE);
      expect(privateTargetReason(url, true), url).toBeNull();
    }
    expect(privateTargetReason("https://hooks.slack.com/services/T/B/x", false)).toBeNull();
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
      request.on("end", () => response.writeHead(request.url === "/redirect" ? 302 : 204, { location: "http://127.0.0.1:1/elsewhere" }).end());
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
    await expect(postToWebhook(`http://127.0.0.1:${port}/hook`, "{}", options(false))).rejects.toBeInstanceOf(PrivateTargetError);
    await expect(postToWebhook(`https://127.0.0.1:${port}/hook`, "{}", options(false))).rejects.toBeInstanceOf(PrivateTargetError);
    // "localhost" passes no address check by itself: the resolved 127.0.0.1 is what is refused.
    await expect(postToWebhook(`https://localhost:${port}/hook`, "{}", options(false))).rejects.toBeInstanceOf(PrivateTargetError);
    expect(calls).toBe(before);
  });
});
