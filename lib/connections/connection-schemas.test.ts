import { describe, expect, it } from "vitest";
import { pixelTokenConnectionSchema } from "./connection-schemas";

const tokenErrors = (token: string) => {
  const result = pixelTokenConnectionSchema.safeParse({ pixelId: "o8z6j", token });
  return result.success
    ? []
    : result.error.issues.filter((issue) => issue.path[0] === "token").map((issue) => issue.message);
};

describe("pixel access token form", () => {
  it("asks for an empty token rather than calling it too short", () => {
    expect(tokenErrors("")).toEqual(["Paste the pixel access token."]);
    expect(tokenErrors("   ")).toEqual(["Paste the pixel access token."]);
    expect(tokenErrors("abc123")).toEqual(["That looks too short for a pixel access token; paste the whole token."]);
    expect(tokenErrors("a".repeat(40))).toEqual([]);
  });
});
