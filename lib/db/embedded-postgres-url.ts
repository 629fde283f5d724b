/** The connection string of an embedded PostgreSQL (startEmbeddedPostgres) listening on `port`:
 * its one user and database, on the loopback address, without TLS. */
export function embeddedPostgresUrl(port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}
