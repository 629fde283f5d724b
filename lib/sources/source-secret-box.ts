import { getEnv } from "../config/env";
import { createSecretBox, type SecretBox } from "../crypto/secret-box";

let box: SecretBox | undefined;

/**
 * The box that seals and opens source connection strings. Built from getEnv() rather than
 * lib/server/crypto.ts so the worker and the CLI (outside Next, without "server-only") open
 * exactly what the app sealed.
 */
export function sourceSecretBox(): SecretBox {
  box ??= createSecretBox(getEnv().encryptionKey);
  return box;
}
