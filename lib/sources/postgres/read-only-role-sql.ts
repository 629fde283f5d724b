/** The SQL an administrator runs to give Sluice a database user that can only read (client-safe:
 * the source form shows it too). */
export function readOnlyRoleSql(database: string): string {
  const db = `"${database.replaceAll('"', '""')}"`;
  return [
    "-- Run as an administrator of the database, then put this user in the connection string.",
    "CREATE ROLE sluice_reader LOGIN PASSWORD 'choose-a-long-random-password'",
    "  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;",
    `GRANT CONNECT ON DATABASE ${db} TO sluice_reader;`,
    "GRANT USAGE ON SCHEMA public TO sluice_reader;",
    "-- Only the tables the query reads:",
    "GRANT SELECT ON public.your_table TO sluice_reader;",
  ].join("\n");
}
