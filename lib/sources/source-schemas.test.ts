import { expect, test } from "vitest";
import { createPostgresSourceSchema, updatePostgresSourceSchema } from "./source-schemas";

const valid = {
  name: " Shop orders ",
  connectionString: "postgresql://reader:pw@db.example.com:5432/shop",
  query: "SELECT 1",
  statementTimeoutSeconds: "45",
};

test("a new Postgres source needs a URL-form connection string, a query and a sane time limit", () => {
  expect(createPostgresSourceSchema.parse(valid)).toEqual({
    ...valid,
    name: "Shop orders",
    statementTimeoutSeconds: 45,
  });
  const errors = (input: Record<string, unknown>) =>
    createPostgresSourceSchema
      .safeParse(input)
      .error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  expect(errors({ ...valid, connectionString: "" })).toEqual(["connectionString: Enter a connection string."]);
  expect(errors({ ...valid, connectionString: "host=db user=reader" })).toEqual([
    "connectionString: Use the URL form: postgresql://user:password@host:5432/database.",
  ]);
  expect(errors({ ...valid, query: "  " })).toEqual(["query: Enter a query: a SELECT that returns the rows to send."]);
  expect(errors({ ...valid, statementTimeoutSeconds: "0" })).toEqual([
    "statementTimeoutSeconds: Use at least 1 second.",
  ]);
  expect(errors({ ...valid, statementTimeoutSeconds: "601" })).toEqual([
    "statementTimeoutSeconds: Use at most 600 seconds (10 minutes).",
  ]);
});

test("editing: a blank connection string means keep the saved one", () => {
  const parsed = updatePostgresSourceSchema.parse({ ...valid, sourceId: "s1", connectionString: "   " });
  expect(parsed.connectionString).toBeUndefined();
  expect(updatePostgresSourceSchema.parse({ ...valid, sourceId: "s1" }).connectionString).toBe(valid.connectionString);
  expect(
    updatePostgresSourceSchema.safeParse({ ...valid, sourceId: "s1", connectionString: "mysql://x" }).success,
  ).toBe(false);
});

test("a URL that cannot be parsed says how to fix the password", () => {
  const result = createPostgresSourceSchema.safeParse({
    ...valid,
    connectionString: "postgresql://reader:p@ss:word@/shop",
  });
  expect(result.error?.issues.map((issue) => issue.message)).toEqual([
    "This is not a valid URL (it should look like postgresql://user:password@host:5432/database). Percent-encode special characters in the password (e.g. @ as %40).",
  ]);
});
