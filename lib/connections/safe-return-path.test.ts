import { describe, expect, it } from "vitest";
import { safeReturnPath, withQueryParam } from "./safe-return-path";

describe("safeReturnPath", () => {
  it("keeps same-site paths", () => {
    expect(safeReturnPath("/destinations/abc/setup/connection")).toBe("/destinations/abc/setup/connection");
    expect(safeReturnPath("/destinations?x=1")).toBe("/destinations?x=1");
  });

  it("refuses anything that could leave the site", () => {
    for (const value of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "evil", "/ok\nSet-Cookie: a=b", "", null, undefined]) {
      expect(safeReturnPath(value)).toBeNull();
    }
  });
});

describe("withQueryParam", () => {
  it("sets one parameter, replacing an earlier value", () => {
    expect(withQueryParam("/destinations/connections", "connected", "c1")).toBe("/destinations/connections?connected=c1");
    expect(withQueryParam("/a?connect_error=denied&q=1", "connect_error", "expired")).toBe("/a?connect_error=expired&q=1");
  });
});
