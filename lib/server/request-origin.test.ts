import { describe, expect, it } from "vitest";
import { expectedHost, isSameOriginRequest } from "./request-origin";

const request = (headers: Record<string, string>) => new Headers(headers);

describe("isSameOriginRequest", () => {
  it("with no trusted proxy, compares Origin with the request's own Host and ignores X-Forwarded-Host", () => {
    expect(isSameOriginRequest(request({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), 0)).toBe(true);
    // A forged X-Forwarded-Host matching a foreign Origin does not make it ours.
    expect(
      isSameOriginRequest(
        request({ host: "127.0.0.1:3000", origin: "https://evil.example", "x-forwarded-host": "evil.example" }),
        0,
      ),
    ).toBe(false);
    // Nor does one naming another host make our own Origin foreign.
    expect(
      isSameOriginRequest(
        request({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "x-forwarded-host": "evil.example" }),
        0,
      ),
    ).toBe(true);
    expect(isSameOriginRequest(request({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" }), 0)).toBe(false);
    expect(isSameOriginRequest(request({ host: "sluice.example.com", origin: "https://Sluice.Example.com" }), 0)).toBe(
      true,
    );
  });

  it("refuses an opaque or unreadable Origin, and a request with an Origin but no Host", () => {
    expect(isSameOriginRequest(request({ host: "127.0.0.1:3000", origin: "null" }), 0)).toBe(false);
    expect(isSameOriginRequest(request({ host: "127.0.0.1:3000", origin: "not a url" }), 0)).toBe(false);
    expect(isSameOriginRequest(request({ origin: "http://127.0.0.1:3000" }), 0)).toBe(false);
  });

  it("lets a request without Origin through (it did not come from a page)", () => {
    expect(isSameOriginRequest(request({ host: "127.0.0.1:3000" }), 0)).toBe(true);
  });

  it("behind trusted proxies, believes the host the outermost one was asked for", () => {
    // browser → proxy (sets X-Forwarded-Host) → Sluice on an internal name.
    const proxied = { host: "sluice.internal:3000", "x-forwarded-host": "sluice.example.com" };
    expect(isSameOriginRequest(request({ ...proxied, origin: "https://sluice.example.com" }), 1)).toBe(true);
    expect(isSameOriginRequest(request({ ...proxied, origin: "https://evil.example" }), 1)).toBe(false);
    // The same headers without trusting the proxy: only the internal Host counts.
    expect(isSameOriginRequest(request({ ...proxied, origin: "https://sluice.example.com" }), 0)).toBe(false);
    // A value the client put in front of the proxy's own entry is ignored.
    expect(
      isSameOriginRequest(
        request({
          host: "sluice.internal:3000",
          "x-forwarded-host": "evil.example, sluice.example.com",
          origin: "https://evil.example",
        }),
        1,
      ),
    ).toBe(false);
  });
});

describe("expectedHost", () => {
  it("reads the chain like X-Forwarded-For", () => {
    expect(expectedHost(request({ host: "a" }), 0)).toBe("a");
    expect(
      expectedHost(request({ host: "lb.internal", "x-forwarded-host": "forged, public.example, cdn-to-lb" }), 2),
    ).toBe("public.example");
    // A request that skipped the proxies: the entry nearest the client that is known.
    expect(expectedHost(request({ host: "direct.example" }), 2)).toBe("direct.example");
    expect(expectedHost(request({}), 0)).toBeNull();
  });
});
