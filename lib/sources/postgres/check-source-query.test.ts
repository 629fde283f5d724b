import { describe, expect, test } from "vitest";
import { checkSourceQuery, leadingKeyword, positionInQuery } from "./check-source-query";
import { SourceError } from "../source-error";

function codeOf(query: string): string | undefined {
  try {
    checkSourceQuery(query);
    return undefined;
  } catch (error) {
    return error instanceof SourceError ? error.code : "not a SourceError";
  }
}

describe("checkSourceQuery", () => {
  test.each([
    "SELECT 1",
    "  with x as (select 1) select * from x",
    "-- the orders\nSELECT * FROM orders;",
    "/* outer /* nested */ still comment */ VALUES (1)",
    "((SELECT 1))",
    "TABLE orders",
  ])("accepts a query: %s", (query) => {
    expect(codeOf(query)).toBeUndefined();
  });

  test.each([
    "UPDATE orders SET paid = true",
    "delete from orders",
    "  -- hm\n CREATE TABLE x (a int)",
    "insert into t values (1)",
    "DROP TABLE t",
    "TRUNCATE t",
  ])("refuses a write as read_only: %s", (query) => {
    expect(codeOf(query)).toBe("read_only");
  });

  test("refuses an empty or comment-only query", () => {
    expect(codeOf("   ")).toBe("empty_query");
    expect(codeOf("-- nothing here")).toBe("empty_query");
  });

  test("refuses statements that return no rows of data", () => {
    expect(codeOf("EXPLAIN SELECT 1")).toBe("not_a_query");
    expect(codeOf("SHOW search_path")).toBe("not_a_query");
  });
});

describe("leadingKeyword", () => {
  test("skips comments, whitespace and parentheses", () => {
    expect(leadingKeyword("/* a */ -- b\n ( Select 1)")).toBe("select");
  });
});

describe("positionInQuery", () => {
  test("turns the server's 1-based character position into line and column", () => {
    const query = "SELECT id,\n  email\nFORM orders";
    expect(positionInQuery(query, query.indexOf("FORM") + 1)).toEqual({ offset: 19, line: 3, column: 1 });
    expect(positionInQuery(query, 1)).toEqual({ offset: 0, line: 1, column: 1 });
  });

  test("counts characters, not UTF-16 units, as PostgreSQL does", () => {
    const query = "SELECT '😀', bad";
    // PostgreSQL counts the emoji as one character: "bad" starts at character 14.
    expect(positionInQuery(query, 14)).toMatchObject({ line: 1, column: 14 });
  });
});
