import { runRoute } from "@/lib/runs/run-route";
import { streamProblemsCsv } from "@/lib/runs/stream-problems-csv";

export const dynamic = "force-dynamic";

/** A run's problem rows as a CSV download (formula-injection safe), streamed page by page. */
export const GET = runRoute(
  ({ db, run }) =>
    new Response(streamProblemsCsv(db, run.id), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="sluice-run-${run.id}-problems.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    }),
);
