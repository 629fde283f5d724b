import { SourceError, type SourceErrorPosition } from "../source-error";

// Statements that change data or schema. The read-only transaction and DECLARE CURSOR already
// refuse them on the server; naming them here only turns PostgreSQL's "syntax error at or near
// UPDATE" (DECLARE accepts only queries) into a message that says what actually happened.
const WRITE_KEYWORDS = new Set([
  "insert",
  "update",
  "delete",
  "merge",
  "upsert",
  "create",
  "drop",
  "alter",
  "truncate",
  "grant",
  "revoke",
  "copy",
  "call",
  "do",
  "lock",
  "vacuum",
  "analyze",
  "cluster",
  "reindex",
  "refresh",
  "comment",
  "security",
  "import",
  "load",
  "begin",
  "commit",
  "rollback",
  "set",
  "reset",
]);
const QUERY_KEYWORDS = new Set(["select", "with", "values", "table"]);

/**
 * Refuses, before any connection is made, the queries that can never be a source: empty ones
 * and ones that start with a statement other than a query. Everything else is left to the
 * server, which is the real guard.
 */
export function checkSourceQuery(query: string): void {
  const keyword = leadingKeyword(query);
  if (keyword === null) {
    throw new SourceError("empty_query", "The query is empty. Write a SELECT that returns the rows to send.");
  }
  if (WRITE_KEYWORDS.has(keyword)) {
    throw new SourceError(
      "read_only",
      `Sluice only reads from your database, so ${keyword.toUpperCase()} statements are refused. Write a SELECT instead.`,
    );
  }
  if (!QUERY_KEYWORDS.has(keyword)) {
    throw new SourceError(
      "not_a_query",
      `Only a query that returns rows (SELECT, WITH … SELECT, VALUES or TABLE) can be a source, not ${keyword.toUpperCase()}.`,
    );
  }
}

/** The first word of the query, lower-cased, after comments, whitespace and opening parentheses. */
export function leadingKeyword(query: string): string | null {
  let index = 0;
  while (index < query.length) {
    const char = query[index];
    if (char === undefined) break;
    if (/\s|\(/.test(char)) {
      index += 1;
    } else if (query.startsWith("--", index)) {
      const end = query.indexOf("\n", index);
      index = end === -1 ? query.length : end + 1;
    } else if (query.startsWith("/*", index)) {
      index = skipBlockComment(query, index);
    } else {
      break;
    }
  }
  const match = /^[a-z_]+/i.exec(query.slice(index));
  if (match) return match[0].toLowerCase();
  return index < query.length ? query.slice(index, index + 10) : null;
}

// PostgreSQL block comments nest, unlike C's.
function skipBlockComment(query: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < query.length) {
    if (query.startsWith("/*", index)) {
      depth += 1;
      index += 2;
    } else if (query.startsWith("*/", index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  return query.length;
}

/**
 * Turns PostgreSQL's error position (1-based, counted in characters, not UTF-16 units) into a
 * line and column of the user's query text.
 */
export function positionInQuery(query: string, position: number): SourceErrorPosition {
  const characters = Array.from(query);
  const offset = Math.max(0, Math.min(position - 1, characters.length));
  let line = 1;
  let column = 1;
  for (let index = 0; index < offset; index += 1) {
    if (characters[index] === "\n") {
      line += 1;
      column = 1;
    } else {
      column += 1;
    }
  }
  return { offset, line, column };
}

/** The query as the body of a subquery (`SELECT … FROM (<body>\n) AS …`): trimmed, without the
 * trailing semicolons a statement may end with, which a subquery cannot hold. */
export function subqueryBody(query: string): string {
  return query.trim().replace(/;+\s*$/, "");
}
