import { z } from "zod";
import { oneLineText, storableText } from "@/lib/validation/storable-text";
import { API_TOKEN_SCOPES } from "./api-token-scopes";

// The forms of Settings → API tokens, shared by the forms and their server actions.

export const API_TOKEN_EXPIRY_CHOICES = [
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
  { value: "never", label: "Never" },
] as const;

export const createApiTokenSchema = z.object({
  name: oneLineText(
    z
      .string()
      .trim()
      .min(1, "Name the token after what will use it (e.g. Airflow).")
      .max(100, "Use at most 100 characters."),
  ),
  scope: z.enum(API_TOKEN_SCOPES, "Choose read, run or admin."),
  expiresInDays: z
    .enum(["30", "90", "365", "never"], "Choose when the token expires.")
    .transform((value) => (value === "never" ? null : Number(value))),
});

export const revokeApiTokenSchema = z.object({
  tokenId: storableText(z.string().trim().min(1, "Missing token.").max(64)),
});
