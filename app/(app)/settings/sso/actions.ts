"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/server/action";
import { secrets } from "@/lib/server/crypto";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { AppError } from "@/lib/errors";
import { checkIssuerDiscovery, issuerUrlRefusal } from "@/lib/sso/issuer-discovery";
import { saveSsoSettings, setPasswordSignIn } from "@/lib/sso/sso-settings";
import { passwordSignInSchema, ssoSettingsSchema, testSsoConnectionSchema } from "@/lib/sso/sso-settings-schema";

export const saveSsoSettingsAction = defineAction(
  { role: "OWNER", schema: ssoSettingsSchema },
  async (input, actor) => {
    const refusal = await issuerUrlRefusal(input.issuerUrl, { allowPrivate: getEnv().SLUICE_SSO_ISSUER_PRIVATE });
    if (refusal) throw new AppError("VALIDATION", "Check the highlighted field.", { issuerUrl: [refusal] });
    const saved = await saveSsoSettings(getDb(), secrets(), actor, input);
    revalidatePath("/settings/sso");
    return {
      ok: true,
      data: undefined,
      message: saved.enabled ? "Saved. People can now continue with SSO on the sign-in page." : "Saved. SSO is off.",
    };
  },
);

/** Fetches the issuer's discovery document. Reads only; owners only, since it makes the server
 * call a URL they type. */
export const testSsoConnectionAction = defineAction(
  { role: "OWNER", schema: testSsoConnectionSchema },
  async (input) => {
    const check = await checkIssuerDiscovery(input.issuerUrl, { allowPrivate: getEnv().SLUICE_SSO_ISSUER_PRIVATE });
    if (!check.ok) throw new AppError("VALIDATION", check.message, { issuerUrl: [check.message] });
    return { ok: true, data: undefined, message: check.message };
  },
);

export const setPasswordSignInAction = defineAction(
  { role: "OWNER", schema: passwordSignInSchema },
  async (input, actor) => {
    await setPasswordSignIn(getDb(), actor, input.enabled);
    revalidatePath("/settings/sso");
    return {
      ok: true,
      data: undefined,
      message: input.enabled ? "Password sign-in is on." : "Password sign-in is off: everyone signs in by SSO.",
    };
  },
);
