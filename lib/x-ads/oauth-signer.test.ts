import { describe, expect, it } from "vitest";
import { createOAuthSigner } from "./oauth-signer";

// X's "Creating a signature" example (x-ads-api.md §3.1).
const consumer = { key: "xvz1evFS4wEEPTGEFPHBog", secret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw" };
const token = {
  key: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
  secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
};
const fixed = { nonce: "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", timestamp: 1318622958 };
const form = { status: "Hello Ladies + Gentlemen, a signed OAuth request!" };

describe("OAuth 1.0a signing", () => {
  const signer = createOAuthSigner(consumer);

  it("reproduces X's published signature test vector", () => {
    const request = {
      method: "POST",
      url: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
      form,
    };
    expect(signer.signature(request, token, fixed)).toBe("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
  });

  it("signs the host as written: the same request on api.x.com has its own signature", () => {
    const request = { method: "POST", url: "https://api.x.com/1.1/statuses/update.json?include_entities=true", form };
    expect(signer.signature(request, token, fixed)).toBe("Ls93hJiZbQ3akF3HF3x1Bz8/zU4=");
  });

  it("puts every protocol parameter, percent-encoded, in the Authorization header", () => {
    const request = {
      method: "POST",
      url: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
      form,
    };
    const header = signer.authorizationHeader(request, token, fixed);
    expect(header).toBe(
      'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", ' +
        'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", ' +
        'oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"',
    );
  });

  it("signs extra protocol parameters such as oauth_callback and sends them in the header", () => {
    const request = {
      method: "POST",
      url: "https://api.x.com/oauth/request_token",
      oauthParams: { oauth_callback: "http://127.0.0.1:3000/cb?x=1" },
    };
    const header = signer.authorizationHeader(request, undefined, fixed);
    expect(header).toContain('oauth_callback="http%3A%2F%2F127.0.0.1%3A3000%2Fcb%3Fx%3D1"');
    expect(header).not.toContain("oauth_token=");
    const withOtherCallback = { ...request, oauthParams: { oauth_callback: "http://127.0.0.1:3000/other" } };
    expect(signer.signature(withOtherCallback, undefined, fixed)).not.toBe(signer.signature(request, undefined, fixed));
  });

  it("uses a fresh random nonce for each real request", () => {
    const request = { method: "GET", url: "https://ads-api.x.com/12/accounts" };
    const nonce = (header: string) => /oauth_nonce="([^"]+)"/.exec(header)?.[1];
    const first = nonce(signer.authorizationHeader(request, token));
    const second = nonce(signer.authorizationHeader(request, token));
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(first).not.toBe(second);
  });
});
