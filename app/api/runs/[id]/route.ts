import { runRoute } from "@/lib/runs/run-route";

export const dynamic = "force-dynamic";

/** A run's live progress, polled by its page (components/runs/use-run-progress.ts). Viewers may read it. */
export const GET = runRoute(({ run }) =>
  Response.json({ ok: true, data: run }, { headers: { "cache-control": "no-store" } }),
);
