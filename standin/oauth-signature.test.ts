import { describe, expect, it } from "vitest";
import { hmacSha1Signature, parseAuthorizationHeader, percentEncode, signatureBaseString } from "./oauth-signature";

// X's "Creating a signature" example (x-ads-api.md §3.1), checked with the stand-in's own code,
// which shares nothing with the client's oauth-1.0a library.
const vector = {
  consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
  tokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
  params: [
    ["status", "Hello Ladies + Gentlemen, a signed OAuth request!"],
    ["include_entities", "true"],
    ["oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"],
    ["oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"],
    ["oauth_signature_method", "HMAC-SHA1"],
    ["oauth_timestamp", "1318622958"],
    ["oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"],
    ["oauth_version", "1.0"],
  ] as Array<[string, string]>,
};

describe("the stand-in's OAuth 1.0a signature", () => {
  it("reproduces X's test vector", () => {
    const base = signatureBaseString("post", "https://api.twitter.com/1.1/statuses/update.json", vector.params);
    expect(
      base.startsWith(
        "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key",
      ),
    ).toBe(true);
    expect(hmacSha1Signature(base, vector.consumerSecret, vector.tokenSecret)).toBe("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
  });

  it("percent-encodes the RFC 3986 way", () => {
    expect(percentEncode("Ladies + Gentlemen!*'()~")).toBe("Ladies%20%2B%20Gentlemen%21%2A%27%28%29~");
  });

  it("sorts duplicate keys by value", () => {
    const base = signatureBaseString("GET", "http://x/y", [
      ["a", "2"],
      ["a", "1"],
    ]);
    expect(base).toBe("GET&http%3A%2F%2Fx%2Fy&a%3D1%26a%3D2");
  });

  it("parses an Authorization header, decoding values and skipping realm", () => {
    const parsed = parseAuthorizationHeader(
      'OAuth realm="x", oauth_callback="http%3A%2F%2F127.0.0.1%2Fcb", oauth_nonce="abc"',
    );
    expect(parsed && Object.fromEntries(parsed)).toEqual({ oauth_callback: "http://127.0.0.1/cb", oauth_nonce: "abc" });
  });

  it("rejects headers that are not OAuth or do not decode", () => {
    expect(parseAuthorizationHeader(undefined)).toBeNull();
    expect(parseAuthorizationHeader("Bearer abc")).toBeNull();
    expect(parseAuthorizationHeader('OAuth oauth_nonce="%E0%A4%A"')).toBeNull();
  });
});
