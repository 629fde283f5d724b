import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A real OpenID Provider for tests: the `oidc-provider` package (certified OpenID Connect server)
// on a free loopback port, with its development login page (any password; the login names the
// account). Consent is granted at once so a journey is one login form. Its ID tokens carry only
// `sub` for the code flow (conformIdTokenClaims, the spec's default), so a client must read the
// e-mail from the userinfo endpoint, as with several real providers.

export interface TestAccount {
  email: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestIssuer {
  url: string;
  close(): Promise<void>;
}

export async function startOidcTestIssuer(options: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** By login name. */
  accounts: Record<string, TestAccount>;
  /** The issuer it calls itself (default: its own URL), to test a mismatch. */
  issuerOverride?: string;
}): Promise<TestIssuer> {
  const { default: Provider } = await import("oidc-provider");
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(options.issuerOverride ?? url, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["sluice-test-issuer-cookie-key"] },
    async findAccount(_context, id) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    async loadExistingGrant(context) {
      const oidc = context.oidc;
      const existing = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  // Development keys and the dev login page log warnings meant for production; not for tests.
  provider.on("server_error", (_context, error) => console.error("[oidc test issuer]", error));
  server.on("request", provider.callback());
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
