import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../testing/free-port";
import { startOidcTestIssuer, type TestIssuer } from "../testing/oidc-test-issuer";
import {
  checkIssuerDiscovery,
  endpointRefusal,
  fetchIssuerMetadata,
  issuerUrlRefusal,
  PRIVATE_ISSUER_MESSAGE,
} from "./issuer-discovery";

// "Test connection" against a real OpenID Provider (oidc-provider on loopback), and the guard
// that keeps an owner-typed issuer URL from reaching inside the network.

let issuer: TestIssuer;
let liar: TestIssuer;
const local = { allowPrivate: true };

beforeAll(async () => {
  const client = {
    clientId: "sluice",
    clientSecret: "secret",
    redirectUris: ["http://127.0.0.1:1/api/auth/callback/sso"],
    accounts: {},
  };
  issuer = await startOidcTestIssuer(client);
  liar = await startOidcTestIssuer({ ...client, issuerOverride: "https://login.example.com" });
});
afterAll(async () => {
  await issuer.close();
  await liar.close();
});

describe("checkIssuerDiscovery", () => {
  it("accepts a real provider's discovery document", async () => {
    expect(await checkIssuerDiscovery(issuer.url, local)).toEqual({
      ok: true,
      message: `Connected: ${issuer.url} answered with a valid discovery document.`,
    });
    expect((await checkIssuerDiscovery(`${issuer.url}/`, local)).ok).toBe(true);
  });

  it("says when the provider calls itself something else", async () => {
    expect(await checkIssuerDiscovery(liar.url, local)).toEqual({
      ok: false,
      message: `The provider calls itself "https://login.example.com", not ${liar.url}. Enter the issuer exactly as it does.`,
    });
  });

  it("says when the URL is not an issuer", async () => {
    const check = await checkIssuerDiscovery(`${issuer.url}/not-here`, local);
    expect(check).toEqual({
      ok: false,
      message: `${issuer.url}/not-here/.well-known/openid-configuration answered HTTP 404, not the discovery document. Check the issuer URL (it is the part before /.well-known).`,
    });
  });

  it("says when nothing answers", async () => {
    const port = await freePort();
    const check = await checkIssuerDiscovery(`http://127.0.0.1:${port}`, local);
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(
      new RegExp(
        `^Sluice could not reach http://127\\.0\\.0\\.1:${port}/\\.well-known/openid-configuration: .*ECONNREFUSED`,
      ),
    );
  });

  it("says when the answer is not JSON, or lacks endpoints", async () => {
    const server = createServer((request, response) => {
      if (request.url?.startsWith("/html/")) response.end("<html>login</html>");
      else
        response.end(
          JSON.stringify({
            issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}/partial`,
            authorization_endpoint: "https://x.test/a",
          }),
        );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await checkIssuerDiscovery(`${base}/html`, local)).message).toBe(
        `${base}/html/.well-known/openid-configuration did not answer with a JSON discovery document.`,
      );
      expect((await checkIssuerDiscovery(`${base}/partial`, local)).message).toBe(
        "The discovery document has no token_endpoint, jwks_uri.",
      );
    } finally {
      server.close();
    }
  });

  it("refuses this machine and plain http unless private issuers are allowed", async () => {
    expect(await checkIssuerDiscovery(issuer.url, { allowPrivate: false })).toEqual({
      ok: false,
      message: PRIVATE_ISSUER_MESSAGE,
    });
  });
});

describe("fetchIssuerMetadata", () => {
  it("gives next-auth the provider's own issuer string and endpoints", async () => {
    const result = await fetchIssuerMetadata(`${issuer.url}/`, local);
    expect(result).toEqual({
      ok: true,
      metadata: {
        issuer: issuer.url,
        authorization_endpoint: `${issuer.url}/auth`,
        token_endpoint: `${issuer.url}/token`,
        jwks_uri: `${issuer.url}/jwks`,
        userinfo_endpoint: `${issuer.url}/me`,
      },
    });
  });
});

describe("endpointRefusal", () => {
  const good = {
    authorization_endpoint: "https://login.example.com/auth",
    token_endpoint: "https://login.example.com/token",
    jwks_uri: "https://login.example.com/jwks",
  };

  it("accepts public https endpoints", () => {
    expect(endpointRefusal(good, false)).toBeNull();
  });

  it("refuses an endpoint that points inward or is plain http, naming it", () => {
    expect(endpointRefusal({ ...good, token_endpoint: "https://169.254.169.254/latest/meta-data" }, false)).toBe(
      "The discovery document's token_endpoint is not a public https:// address.",
    );
    expect(endpointRefusal({ ...good, jwks_uri: "http://login.example.com/jwks" }, false)).toBe(
      "The discovery document's jwks_uri is not a public https:// address.",
    );
    expect(endpointRefusal({ ...good, userinfo_endpoint: "https://[::1]/me" }, false)).toBe(
      "The discovery document's userinfo_endpoint is not a public https:// address.",
    );
    expect(endpointRefusal({ ...good, authorization_endpoint: "not a url" }, true)).toBe(
      "The discovery document's authorization_endpoint is not a public https:// address.",
    );
  });

  it("lets a local test issuer's endpoints through with the opt-in", () => {
    expect(endpointRefusal({ ...good, token_endpoint: "http://127.0.0.1:4000/token" }, true)).toBeNull();
  });
});

describe("issuerUrlRefusal", () => {
  const resolveTo = (addresses: string[]) => async () => addresses;

  it("refuses private addresses, names that resolve to them, and http", async () => {
    expect(await issuerUrlRefusal("https://10.0.0.5", { allowPrivate: false })).toBe(PRIVATE_ISSUER_MESSAGE);
    expect(await issuerUrlRefusal("https://idp.corp.internal", { allowPrivate: false })).toBe(PRIVATE_ISSUER_MESSAGE);
    expect(
      await issuerUrlRefusal("https://login.example.com", {
        allowPrivate: false,
        resolve: resolveTo(["169.254.169.254"]),
      }),
    ).toBe(PRIVATE_ISSUER_MESSAGE);
    expect(
      await issuerUrlRefusal("http://login.example.com", {
        allowPrivate: false,
        resolve: resolveTo(["93.184.215.14"]),
      }),
    ).toBe(PRIVATE_ISSUER_MESSAGE);
  });

  it("accepts a public https issuer, and anything with the opt-in", async () => {
    expect(
      await issuerUrlRefusal("https://login.example.com", {
        allowPrivate: false,
        resolve: resolveTo(["93.184.215.14"]),
      }),
    ).toBeNull();
    expect(await issuerUrlRefusal("http://127.0.0.1:4000", { allowPrivate: true })).toBeNull();
  });
});
