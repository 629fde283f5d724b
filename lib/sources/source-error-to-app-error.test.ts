import { expect, test } from "vitest";
import { AppError } from "../errors";
import { SourceError } from "./source-error";
import { sourceErrorToAppError, withSourceErrors } from "./source-error-to-app-error";

test("a source error becomes a validation error under the field it is about, with the server's hint", () => {
  const query = sourceErrorToAppError(
    new SourceError("invalid_query", 'Column "emial" does not exist (line 1, column 8).', {
      hint: 'Perhaps you meant "email".',
    }),
  );
  expect(query).toBeInstanceOf(AppError);
  expect((query as AppError).fieldErrors).toEqual({
    query: ['Column "emial" does not exist (line 1, column 8). Hint: Perhaps you meant "email".'],
  });
  expect((sourceErrorToAppError(new SourceError("auth_failed", "Refused.")) as AppError).fieldErrors).toEqual({
    connectionString: ["Refused."],
  });
  expect((sourceErrorToAppError(new SourceError("too_many_columns", "Too many.")) as AppError).fieldErrors).toEqual({
    file: ["Too many."],
  });
});

test("anything else passes through untouched, to be logged and hidden", async () => {
  const unexpected = new Error("boom");
  expect(sourceErrorToAppError(unexpected)).toBe(unexpected);
  await expect(withSourceErrors(async () => Promise.reject(unexpected))).rejects.toBe(unexpected);
  await expect(withSourceErrors(async () => 7)).resolves.toBe(7);
});
