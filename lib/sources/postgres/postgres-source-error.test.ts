import { describe, expect, test } from "vitest";
import { toConnectError, toPostgresSourceError } from "./postgres-source-error";

const context = {
  connectionString: "postgresql://app:hunter2-long@db:5432/shop",
  host: "db",
  port: 5432,
  user: "app",
  database: "shop",
  query: "SELECT 1",
  queryOffset: 0,
};
const serverError = (code: string, message: string, position?: string) =>
  Object.assign(new Error(message), { code, ...(position ? { position } : {}) });

describe("a data error from the server does not quote the customer's value", () => {
  test.each([
    ["22P02", 'invalid input syntax for type bigint: "(415) 555-0134"', 'Invalid input syntax for type bigint: "…".'],
    [
      "22P02",
      'invalid input syntax for type integer: "ana@example.com"',
      'Invalid input syntax for type integer: "…".',
    ],
    [
      "22003",
      'value "+14155550134" is out of range for type integer',
      'The query failed: value "…" is out of range for type integer.',
    ],
    [
      "22007",
      'invalid input syntax for type timestamp with time zone: "a "quoted" ana@example.com"',
      'The query failed: invalid input syntax for type timestamp with time zone: "…".',
    ],
    [
      "22008",
      'date/time field value out of range: "2024-02-30 ana@example.com"',
      'The query failed: date/time field value out of range: "…".',
    ],
  ])("%s %s", (code, message, shown) => {
    const error = toPostgresSourceError(serverError(code, message), context);
    expect(error.message).toBe(shown);
    expect(error.message).not.toMatch(/555|ana@/);
  });

  test("the position of a bad literal in the query is still given", () => {
    const error = toPostgresSourceError(serverError("22P02", 'invalid input syntax for type integer: "abc"', "8"), {
      ...context,
      query: "SELECT 'abc'::int",
    });
    expect(error.message).toBe('Invalid input syntax for type integer: "…" (line 1, column 8).');
  });

  test("errors that quote the query's own names keep them: they are not data", () => {
    expect(
      toPostgresSourceError(serverError("42P01", 'relation "orders" does not exist', "15"), {
        ...context,
        query: "SELECT * FROM orders",
      }).message,
    ).toBe('Relation "orders" does not exist (line 1, column 15).');
    expect(toPostgresSourceError(serverError("42703", 'column "email" does not exist'), context).message).toBe(
      'Column "email" does not exist.',
    );
  });
});

describe("an error while connecting is one of a few fixed messages", () => {
  test.each([
    ["ECONNREFUSED", "connect ECONNREFUSED 10.0.0.5:5432", "connection_failed"],
    ["ENOTFOUND", "getaddrinfo ENOTFOUND db", "connection_failed"],
    // A DNS server that did not answer in time: a network failure, not a server of another kind.
    ["EAI_AGAIN", "getaddrinfo EAI_AGAIN db", "connection_failed"],
    ["EHOSTUNREACH", "connect EHOSTUNREACH", "connection_failed"],
    ["ETIMEDOUT", "connect ETIMEDOUT", "connection_timeout"],
    ["28P01", 'password authentication failed for user "app"', "auth_failed"],
    ["3D000", 'database "shop" does not exist', "auth_failed"],
    ["", "Connection terminated unexpectedly", "not_postgres"],
  ])("%s", (code, message, expected) => {
    const error = toConnectError(serverError(code, message), context);
    expect(error.code).toBe(expected);
    expect(error.message).not.toContain(message);
  });
});
