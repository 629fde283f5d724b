import pg from "pg";

/**
 * A long history for the page benchmark, generated inside PostgreSQL: `runs` finished runs of one
 * destination spread over the past months, and `problems` problem rows in its newest run (the
 * worst case for the run page: its groups and first page come from a million rows).
 * Returns the id of the run holding the problems.
 */
export async function seedPageData(
  connectionString: string,
  input: { destinationId: string; runs: number; problems: number },
): Promise<{ problemRunId: string }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const prefix = `bench-${input.destinationId.slice(-6)}`;
  try {
    await client.query(
      `INSERT INTO "SyncRun" (id, "destinationId", trigger, status, "startedAt", "finishedAt", "rowsRead", "rowsSent", "rowsInvalid", "rowsRejected", requests, "debugIds", "createdAt")
       SELECT $2 || '-' || g, $1, 'SCHEDULE', CASE WHEN g % 7 = 0 THEN 'PARTIAL' ELSE 'SUCCEEDED' END::"SyncRunStatus",
              t, t + interval '40 seconds', 2000, 1990, 10, 0, 4, '{}', t
       FROM generate_series(1, $3::int) AS g, LATERAL (SELECT now() - (($3::int - g) * interval '15 minutes') - interval '1 hour' AS t) AS at`,
      [input.destinationId, prefix, input.runs],
    );
    const problemRunId = `${prefix}-${input.runs}`;
    await client.query(
      `UPDATE "SyncRun" SET status = 'PARTIAL', "rowsRead" = $2::int + 1000, "rowsSent" = 1000, "rowsInvalid" = $2::int * 9 / 10, "rowsRejected" = $2::int - $2::int * 9 / 10 WHERE id = $1`,
      [problemRunId, input.problems],
    );
    await client.query(
      `INSERT INTO "SyncProblem" ("runId", kind, "rowNumber", "rowKey", field, code, message)
       SELECT $1, k.kind::"SyncProblemKind", g, 'ORD-' || g, k.field, k.code, k.message
       FROM generate_series(1, $2::int) AS g,
            LATERAL (SELECT * FROM (VALUES
              (0, 'INVALID', 'email', 'INVALID_EMAIL', 'email is not a valid e-mail address'),
              (1, 'INVALID', 'phone', 'INVALID_PHONE', 'phone is not a valid phone number for US'),
              (2, 'INVALID', 'conversion_time', 'MISSING_REQUIRED', 'conversion_time is required'),
              (3, 'REJECTED', 'conversions[0].twclid', 'INVALID_PARAMETER', 'twclid is not valid'),
              (4, 'INVALID', 'value', 'INVALID_NUMBER', 'value is not a number')
            ) AS v(i, kind, field, code, message) WHERE v.i = g % 5) AS k`,
      [problemRunId, input.problems],
    );
    // The counts by reason that ProblemBuffer keeps as it writes problem rows.
    await client.query(
      `INSERT INTO "SyncProblemGroup" ("runId", kind, code, count, example)
       SELECT "runId", kind, code, count(*)::int, min(message) FROM "SyncProblem" WHERE "runId" = $1 GROUP BY 1, 2, 3`,
      [problemRunId],
    );
    await client.query(`ANALYZE "SyncRun"; ANALYZE "SyncProblem"; ANALYZE "SyncProblemGroup"`);
    return { problemRunId };
  } finally {
    await client.end();
  }
}
