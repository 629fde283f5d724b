import { z } from "zod";
import { ROLES } from "../auth/roles";
import { oneLineText, storableText } from "../validation/storable-text";

// One schema per form, shared by the form (client-side hints) and its action (the real check).

const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address, like ana@example.com."));

export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .refine((value) => new TextEncoder().encode(value).length <= 72, "Use at most 72 bytes (bcrypt's limit).")
  .refine((value) => value.trim().length > 0, "The password cannot be only spaces.");

const name = oneLineText(z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."));
const userId = storableText(z.string().min(1).max(100));

export const createOwnerSchema = z
  .object({ name, email, password: passwordSchema, confirmPassword: z.string() })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords differ.",
  });

export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password."),
});

export const addUserSchema = z.object({
  name,
  email,
  role: z.enum(ROLES, "Choose a role."),
  password: passwordSchema,
});

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
