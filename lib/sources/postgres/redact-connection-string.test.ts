import { describe, expect, test } from "vitest";
import { redactConnectionString, scrubSecrets } from "./redact-connection-string";

describe("redactConnectionString", () => {
  test("masks the password and keeps what identifies the server", () => {
    expect(redactConnectionString("postgresql://app:s3cr3t-pw@db.internal:5432/shop")).toBe(
      "postgresql://app:•••@db.internal:5432/shop",
    );
  });

  test("masks a percent-encoded password and one given as a parameter", () => {
    expect(redactConnectionString("postgres://app:p%40ss%2Fword@db:6543/shop?sslmode=require&password=other")).toBe(
      "postgres://app:•••@db:6543/shop?sslmode=require&password=•••",
    );
  });

  test("leaves a connection string without a password as it is", () => {
    expect(redactConnectionString("postgresql://postgres@127.0.0.1:5432/test")).toBe(
      "postgresql://postgres@127.0.0.1:5432/test",
    );
  });

  test("masks the keyword/value form", () => {
    expect(redactConnectionString("host=db user=app password='a b c' dbname=shop")).toBe(
      "host=db user=app password=••• dbname=shop",
    );
  });

  test("an unparseable URL shows no user part at all", () => {
    expect(redactConnectionString("postgresql://app:pw@[bad")).toBe("postgresql://•••");
  });
});

describe("scrubSecrets", () => {
  test("removes the whole connection string and the bare password from a message", () => {
    const connectionString = "postgresql://app:hunter2-long@db:5432/shop";
    const message = `failed for ${connectionString}; password hunter2-long rejected`;
    const scrubbed = scrubSecrets(message, connectionString);
    expect(scrubbed).not.toContain("hunter2-long");
    expect(scrubbed).toContain("postgresql://app:•••@db:5432/shop");
  });
});
