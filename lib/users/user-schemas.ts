import { z } from "zod";
import { ROLES } from "../auth/roles";
import { oneLineText, storableText } from "../validation/storable-text";
import { isCommonPassword } from "./common-passwords";
import {
  isPasswordEmail,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
  PASSWORD_MESSAGES,
  passwordBytes,
} from "./password-policy";
import { emailSchema as email } from "./sign-in-schema";

// One schema per form, shared by the form (client-side hints) and its action (the real check).
// Server-side only: the password policy reads the bundled list of common passwords from disk, so
// the forms show the action's field errors (the sign-in form's schema lives in sign-in-schema.ts).

export { signInSchema } from "./sign-in-schema";

/** A new password (setup, adding a user, changing one's own): the policy of password-policy.ts. */
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, PASSWORD_MESSAGES.tooShort)
  .refine((value) => passwordBytes(value) <= MAX_PASSWORD_BYTES, PASSWORD_MESSAGES.tooLong)
  .refine((value) => value.trim().length > 0, PASSWORD_MESSAGES.blank)
  .refine((value) => !isCommonPassword(value), PASSWORD_MESSAGES.common);

const name = oneLineText(z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."));
const userId = storableText(z.string().min(1).max(100));

/** Refuses, on the password field, a password that is the account's own e-mail address. */
const isNotEmail = (value: { email: string; password: string }) => !isPasswordEmail(value.password, value.email);
const notEmailIssue = { path: ["password"], message: PASSWORD_MESSAGES.email };

export const createOwnerSchema = z
  .object({ name, email, password: passwordSchema, confirmPassword: z.string() })
  .refine(isNotEmail, notEmailIssue)
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords differ.",
  });

export const addUserSchema = z
  .object({
    name,
    email,
    role: z.enum(ROLES, "Choose a role."),
    password: passwordSchema,
  })
  .refine(isNotEmail, notEmailIssue);

/** Changing one's own password. That the new one is not the e-mail address is checked by
 * changeOwnPassword, which knows the address (the form does not send it). */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password."),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.newPassword !== value.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password other than your current one.",
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords differ.",
  });

export const unlockUserSchema = z.object({ userId });

export const changeRoleSchema = z.object({
  userId,
  role: z.enum(ROLES, "Choose a role."),
});

export const setUserDisabledSchema = z.object({
  userId,
  disabled: z.enum(["true", "false"]).transform((value) => value === "true"),
});

export type CreateOwnerInput = z.infer<typeof createOwnerSchema>;
export type AddUserInput = z.infer<typeof addUserSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
