import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { commonPasswordCount, isCommonPassword } from "./common-passwords";
import { isPasswordEmail, PASSWORD_MESSAGES } from "./password-policy";
import { addUserSchema, changePasswordSchema, createOwnerSchema } from "./user-schemas";

const GOOD = "plum tractor violin";

function passwordErrors(result: z.ZodSafeParseResult<unknown>, field = "password"): string[] {
  if (result.success) return [];
  return result.error.issues.filter((issue) => issue.path[0] === field).map((issue) => issue.message);
}

const owner = (password: string, email = "olivia@example.com") =>
  createOwnerSchema.safeParse({ name: "Olivia", email, password, confirmPassword: password });

describe("the bundled list of common passwords", () => {
  it("holds tens of thousands of passwords of 12 characters or more", () => {
    expect(commonPasswordCount()).toBeGreaterThan(40_000);
  });

  it("knows the usual long ones, whatever their case, and not a few unrelated words", () => {
    for (const password of [
      "123qweasdzxc",
      "1qaz2wsx3edc",
      "qwertyuiopasdfgh",
      "passwordpassword",
      "123456789012",
      "PasswordPassword",
      "QWERTY123456",
    ]) {
      expect(isCommonPassword(password), password).toBe(true);
    }
    expect(isCommonPassword(GOOD)).toBe(false);
  });
});

describe("the password policy, on every form that sets a password", () => {
  it("refuses fewer than 12 characters", () => {
    expect(passwordErrors(owner("elevenchars"))).toEqual([PASSWORD_MESSAGES.tooShort]);
    expect(owner("twelve chars").success).toBe(true);
  });

  it("refuses a common password, on the password field", () => {
    for (const password of ["1qaz2wsx3edc", "PasswordPassword", "qwerty123456"]) {
      expect(passwordErrors(owner(password)), password).toEqual([PASSWORD_MESSAGES.common]);
      const added = addUserSchema.safeParse({ name: "Sam", email: "sam@example.com", role: "VIEWER", password });
      expect(passwordErrors(added), password).toEqual([PASSWORD_MESSAGES.common]);
      const changed = changePasswordSchema.safeParse({
        currentPassword: GOOD,
        newPassword: password,
        confirmPassword: password,
      });
      expect(passwordErrors(changed, "newPassword"), password).toEqual([PASSWORD_MESSAGES.common]);
    }
  });

  it("refuses the account's e-mail address, or the part before the @, as its password", () => {
    const email = "olivia.longname@example.com";
    for (const password of [email, " OLIVIA.LONGNAME@EXAMPLE.COM ", "olivia.longname", "Olivia.LongName"]) {
      expect(isPasswordEmail(password, email), password).toBe(true);
      expect(passwordErrors(owner(password, email)), password).toEqual([PASSWORD_MESSAGES.email]);
      const added = addUserSchema.safeParse({ name: "Olivia", email, role: "EDITOR", password });
      expect(passwordErrors(added), password).toEqual([PASSWORD_MESSAGES.email]);
    }
    expect(isPasswordEmail("olivia.longname!", email)).toBe(false);
  });

  it("refuses over 72 bytes and only spaces", () => {
    expect(passwordErrors(owner("😀".repeat(19)))).toEqual([PASSWORD_MESSAGES.tooLong]);
    expect(passwordErrors(owner(" ".repeat(12)))).toEqual([PASSWORD_MESSAGES.blank]);
  });

  it("a new password must differ from the current one and be typed twice the same", () => {
    const same = changePasswordSchema.safeParse({ currentPassword: GOOD, newPassword: GOOD, confirmPassword: GOOD });
    expect(passwordErrors(same, "newPassword")).toEqual(["Choose a password other than your current one."]);
    const differ = changePasswordSchema.safeParse({
      currentPassword: "old password 1",
      newPassword: GOOD,
      confirmPassword: `${GOOD}!`,
    });
    expect(passwordErrors(differ, "confirmPassword")).toEqual(["The two passwords differ."]);
    const missing = changePasswordSchema.safeParse({ currentPassword: "", newPassword: GOOD, confirmPassword: GOOD });
    expect(passwordErrors(missing, "currentPassword")).toEqual(["Enter your current password."]);
    expect(
      changePasswordSchema.safeParse({ currentPassword: "old password 1", newPassword: GOOD, confirmPassword: GOOD })
        .success,
    ).toBe(true);
  });
});
