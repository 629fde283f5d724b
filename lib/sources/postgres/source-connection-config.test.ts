import { describe, expect, it } from "vitest";
import { createPostgresSourceSchema } from "../source-schemas";
import { parseSourceConnectionString, sourceConnectionStringProblem } from "./source-connection-config";

describe("parseSourceConnectionString", () => {
  it("reads host, port, user, password and database, decoded", () => {
    expect(parseSourceConnectionString("postgresql://app%40x:p%40ss%2Fw@db.example.com:6543/shop%20data")).toEqual({
      host: "db.example.com",
      port: 6543,
      user: "app@x",
      password: "p@ss/w",
      database: "shop data",
      ssl: false,
    });
  });

  it("defaults like libpq: port 5432, user postgres, database named after the user", () => {
    expect(parseSourceConnectionString("postgres://db")).toMatchObject({
      host: "db",
      port: 5432,
      user: "postgres",
      password: undefined,
      database: "postgres",
    });
    expect(parseSourceConnectionString("postgres://[::1]:5433/x")).toMatchObject({ host: "::1", port: 5433 });
  });

  it.each([
    ["sslmode=disable", false],
    ["sslmode=require", { rejectUnauthorized: true }],
    ["sslmode=verify-full", { rejectUnauthorized: true }],
    ["sslmode=no-verify", { rejectUnauthorized: false }],
    ["ssl=true", { rejectUnauthorized: true }],
  ])("maps %s to the driver's TLS setting", (query, ssl) => {
    expect(parseSourceConnectionString(`postgresql://u@h/d?${query}`).ssl).toEqual(ssl);
  });

  // Each of these made node-postgres read a file of Sluice's server, or connect somewhere the
  // string does not plainly name, or carry settings past the checks.
  it.each([
    ["postgresql://u@h/d?sslrootcert=/dev/zero", /does not read certificate files/],
    ["postgresql://u@h/d?sslcert=/etc/passwd", /does not read certificate files/],
    ["postgresql://u@h/d?sslkey=/root/.ssh/id_rsa", /does not read certificate files/],
    ["postgresql://u@h/d?SSLROOTCERT=/dev/zero", /does not read certificate files/],
    ["postgresql://u@h/d?host=/var/run/postgresql", /parameter "host" is not supported/],
    ["postgresql://u@h/d?options=-c%20default_transaction_read_only%3Doff", /parameter "options" is not supported/],
    ["postgresql://u@h/d?application_name=x", /not supported/],
    ["postgresql://u@h/d?sslmode=require&sslmode=disable", /given twice/],
    ["postgresql://u@h/d?sslmode=prefer&ssl=false", /either sslmode or ssl/],
    ["postgresql://u@h/d?sslmode=maybe", /sslmode "maybe" is not known/],
    ["postgresql://u@%2Fvar%2Frun%2Fpostgresql/d", /one plain host name/],
    ["postgresql://u@h1,h2:5432/d", /one plain host name/],
    ["postgresql://u@/d", /not a valid URL|host name/],
    ["postgresql://u@h:0/d", /port between/],
    ["postgresql://u@h/d#frag", /after #/],
    ["postgresql://u%00x@h/d", /control characters/],
    ["postgresql://u:p%0Aw@h/d", /control characters/],
    ["postgresql://u@h/d%2Fx", /slash/],
    ["postgresql://u@h/d\u001b[31m", /control characters/],
    ["mysql://u@h/d", /URL form/],
    ["host=h user=u", /URL form/],
    ["postgresql://u:p%zz@h/d", /broken %-escape/],
  ])("refuses %s", (text, message) => {
    expect(() => parseSourceConnectionString(text)).toThrow(message);
    expect(sourceConnectionStringProblem(text)).toMatch(message);
  });

  it("is the check the source form's schema makes, with the message on the field", () => {
    const result = createPostgresSourceSchema.safeParse({
      name: "Orders",
      connectionString: "postgresql://u@h/d?sslrootcert=/dev/zero",
      query: "SELECT 1",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === "connectionString")?.message).toMatch(
      /does not read certificate files/,
    );
    expect(
      createPostgresSourceSchema.safeParse({
        name: "Orders",
        connectionString: "postgresql://u:p@h:5432/d?sslmode=require",
        query: "SELECT 1",
      }).success,
    ).toBe(true);
  });
});
