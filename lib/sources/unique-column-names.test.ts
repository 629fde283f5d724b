import { describe, expect, test } from "vitest";
import { uniqueColumnNames } from "./unique-column-names";

describe("uniqueColumnNames", () => {
  test("renames empty and repeated names and reports each rename", () => {
    const { names, problems } = uniqueColumnNames(["email", "", "email", " email ", "email_2"], 1);
    expect(names).toEqual(["email", "column_2", "email_3", "email_4", "email_2"]);
    expect(problems.map((problem) => problem.code)).toEqual([
      "empty_column_name",
      "duplicate_column_name",
      "duplicate_column_name",
    ]);
    expect(problems.every((problem) => problem.line === 1)).toBe(true);
  });

  test("keeps unique names untouched, including __proto__", () => {
    expect(uniqueColumnNames(["__proto__", "constructor", "id"])).toEqual({
      names: ["__proto__", "constructor", "id"],
      problems: [],
    });
  });

  test("a name PostgreSQL could not save (NUL, a lone surrogate) is cleaned, reported, and still unique", () => {
    const { names, problems } = uniqueColumnNames(["em\u0000ail", "email", "bad\ud800"], 1);
    expect(names).toEqual(["email", "email_2", "bad\ufffd"]);
    expect(names.every((name) => !name.includes("\u0000"))).toBe(true);
    expect(problems.map((problem) => problem.code)).toEqual([
      "unstorable_column_name",
      "duplicate_column_name",
      "unstorable_column_name",
    ]);
  });
});
