import "server-only";
import { createSecretBox, type SecretBox } from "../crypto/secret-box";
import { getEnv } from "../config/env";

let box: SecretBox | undefined;

export function secrets(): SecretBox {
  box ??= createSecretBox(getEnv().encryptionKey);
  return box;
}
