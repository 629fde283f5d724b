import { expect, test } from "vitest";
import { clientAddress, trustedProxiesFrom, trustForwardedHeaders } from "./web-server.mjs";

test("with no trusted proxy, the connection's peer is the client, whatever X-Forwarded-For claims", () => {
  expect(clientAddress(undefined, "203.0.113.7", 0)).toBe("203.0.113.7");
  expect(clientAddress("198.51.100.1", "203.0.113.7", 0)).toBe("203.0.113.7");
  expect(clientAddress(["198.51.100.1, 198.51.100.2", "198.51.100.3"], "203.0.113.7", 0)).toBe("203.0.113.7");
});

test("behind trusted proxies, the address the outermost one saw; what the client wrote further left is ignored", () => {
  // client → proxy (10.0.0.2) → Sluice; the proxy appended the client's address.
  expect(clientAddress("203.0.113.7", "10.0.0.2", 1)).toBe("203.0.113.7");
  expect(clientAddress("1.2.3.4, 203.0.113.7", "10.0.0.2", 1)).toBe("203.0.113.7");
  // client → CDN → load balancer (10.0.0.3) → Sluice.
  expect(clientAddress("forged, 203.0.113.7, 192.0.2.50", "10.0.0.3", 2)).toBe("203.0.113.7");
  // A request that skipped the proxies: the nearest entry to the client that is known.
  expect(clientAddress(undefined, "203.0.113.7", 2)).toBe("203.0.113.7");
});

test("an IPv4 client on a dual-stack socket has one address, and no address is null", () => {
  expect(clientAddress(undefined, "::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
  expect(clientAddress(undefined, "::1", 0)).toBe("::1");
  expect(clientAddress(" , ", undefined, 0)).toBeNull();
});

test("SLUICE_TRUSTED_PROXIES is a small whole number, with a clear error otherwise", () => {
  expect(trustedProxiesFrom(undefined)).toBe(0);
  expect(trustedProxiesFrom("")).toBe(0);
  expect(trustedProxiesFrom("2")).toBe(2);
  for (const bad of ["-1", "1.5", "many", "11"])
    expect(() => trustedProxiesFrom(bad)).toThrow(/SLUICE_TRUSTED_PROXIES must be a whole number from 0 to 10/);
});

test("with no trusted proxy, a client's X-Forwarded-Host is dropped; behind proxies it is kept", () => {
  const direct: Record<string, string | string[] | undefined> = {
    host: "127.0.0.1:3000",
    "x-forwarded-host": "evil.example",
    "x-forwarded-for": "198.51.100.1",
  };
  trustForwardedHeaders(direct, "203.0.113.7", 0);
  expect(direct).toEqual({ host: "127.0.0.1:3000", "x-forwarded-for": "203.0.113.7" });
  const proxied: Record<string, string | string[] | undefined> = {
    host: "sluice.internal",
    "x-forwarded-host": "sluice.example.com",
    "x-forwarded-for": "203.0.113.7",
  };
  trustForwardedHeaders(proxied, "10.0.0.2", 1);
  expect(proxied).toEqual({
    host: "sluice.internal",
    "x-forwarded-host": "sluice.example.com",
    "x-forwarded-for": "203.0.113.7",
  });
});
