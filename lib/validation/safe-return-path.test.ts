import { describe, expect, it } from "vitest";
import { safeReturnPath, withQueryParam } from "./safe-return-path";

// Where a browser would land from a page on Sluice given `location` (as a Location header or a
// client-side navigation): resolved against a real page URL, not the check's own placeholder.
const PAGE = "https://sluice.example:8443/destinations/abc/setup/connection?x=1";
const landsOn = (location: string) => new URL(location, PAGE).origin;

describe("safeReturnPath", () => {
  it("keeps same-site paths, with their query and fragment", () => {
    expect(safeReturnPath("/destinations/abc/setup/connection")).toBe("/destinations/abc/setup/connection");
    expect(safeReturnPath("/destinations?x=1")).toBe("/destinations?x=1");
    expect(safeReturnPath("/runs?after=2026-01-01T00%3A00&q=a%2Fb#top")).toBe(
      "/runs?after=2026-01-01T00%3A00&q=a%2Fb#top",
    );
    expect(safeReturnPath("/")).toBe("/");
    // A path that only looks odd stays on Sluice: "@" in a path is not userinfo.
    expect(safeReturnPath("/@evil.example")).toBe("/@evil.example");
    expect(safeReturnPath("/javascript:alert(1)")).toBe("/javascript:alert(1)");
  });

  it("returns the normalised path, not the input", () => {
    expect(safeReturnPath("/sources/./abc/../def")).toBe("/sources/def");
    expect(safeReturnPath("/sources/a b")).toBe("/sources/a%20b");
    // Look-alike slashes are just characters of a path, sent percent-encoded.
    expect(safeReturnPath("/\u2215\u2215evil.example")).toBe("/%E2%88%95%E2%88%95evil.example");
    expect(safeReturnPath("/\uff0f\uff0fevil.example")).toBe("/%EF%BC%8F%EF%BC%8Fevil.example");
  });

  // Each of these, followed as written, leaves Sluice (or could, after one more decoding).
  const ATTACKS: [string, string][] = [
    ["protocol-relative", "//evil.example/x"],
    ["protocol-relative, three slashes", "///evil.example"],
    ["backslash", "/\\evil.example"],
    ["backslashes", "\\\\evil.example"],
    ["slash and backslash", "/\\/evil.example"],
    ["dot segment then two slashes", "/.//evil.example"],
    ["dot segment, more slashes", "/./../..//evil.example/x"],
    ["parent segment then two slashes", "/a/..//evil.example"],
    ["encoded dot segment", "/%2e//evil.example"],
    ["encoded slashes", "/%2f%2fevil.example"],
    ["encoded slashes, upper case", "/%2F%2Fevil.example"],
    ["encoded backslash", "/%5cevil.example"],
    ["encoded backslash, upper case", "/%5C%5Cevil.example"],
    ["tab inside", "/\t/evil.example"],
    ["newline inside", "/\n/evil.example"],
    ["carriage return inside", "/\r/evil.example"],
    ["NUL", "/\u0000/evil.example"],
    ["DEL", "/\u007f/evil.example"],
    ["C1 control", "/\u0085/evil.example"],
    ["header injection", "/ok\r\nSet-Cookie: a=b"],
    ["zero-width space", "/\u200b/evil.example"],
    ["right-to-left override", "/\u202e/evil.example"],
    ["byte order mark", "\ufeff//evil.example"],
    ["leading space", " //evil.example"],
    ["absolute https", "https://evil.example/"],
    ["absolute with userinfo", "https://sluice.invalid@evil.example/"],
    ["userinfo look-alike", "https://a@b"],
    ["scheme-relative with userinfo", "//sluice.invalid@evil.example"],
    ["same placeholder origin, absolute", "http://sluice.invalid/destinations"],
    ["javascript:", "javascript:alert(document.cookie)"],
    ["javascript: with spaces", " javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "evil.example"],
    ["query only", "?next=//evil.example"],
    ["fragment only", "#//evil.example"],
    ["very long", `/${"a".repeat(2_000)}`],
    ["empty", ""],
  ];

  it.each(ATTACKS)("refuses %s", (_, attack) => {
    expect(safeReturnPath(attack)).toBeNull();
  });

  it("refuses what is not text", () => {
    for (const value of [null, undefined, 42, ["/destinations"], { toString: () => "/destinations" }])
      expect(safeReturnPath(value)).toBeNull();
  });

  it("keeps every accepted value on Sluice, as a browser resolves it, even decoded once more", () => {
    const accepted = [
      "/destinations",
      "/@evil.example",
      "/sources/%252f%252fevil.example",
      "/a?x=//evil.example",
      "/a#//evil.example",
      "/\u2215\u2215evil.example",
      "/.%2e/x",
      ...ATTACKS.map(([, attack]) => attack),
    ]
      .map((value) => safeReturnPath(value))
      .filter((value): value is string => value !== null);
    expect(accepted.length).toBeGreaterThanOrEqual(7);
    for (const path of accepted) {
      expect(landsOn(path), path).toBe(new URL(PAGE).origin);
      expect(path.startsWith("/") && !path.startsWith("//") && !path.includes("\\"), path).toBe(true);
      expect(landsOn(decodeURIComponent(path)), `${path} decoded`).toBe(new URL(PAGE).origin);
      // Checking an accepted path again changes nothing.
      expect(safeReturnPath(path)).toBe(path);
    }
  });
});

describe("withQueryParam", () => {
  it("sets one parameter, replacing an earlier value", () => {
    expect(withQueryParam("/destinations/connections", "connected", "c1")).toBe(
      "/destinations/connections?connected=c1",
    );
    expect(withQueryParam("/a?connect_error=denied&q=1", "connect_error", "expired")).toBe(
      "/a?connect_error=expired&q=1",
    );
  });

  it("never builds a path to another site", () => {
    // Before the check, "/.//evil.example" came out as "//evil.example?connect_error=…".
    expect(() => withQueryParam("/.//evil.example", "connect_error", "forbidden")).toThrow();
    expect(() => withQueryParam("/\\evil.example", "connected", "c1")).toThrow();
  });
});
