import { z } from "zod";

// The sign-in form's schema, apart from user-schemas.ts so the browser bundle of the sign-in page
// does not take in the password policy and its list of common passwords.

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid e-mail address, like ana@example.com."));

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password."),
});
