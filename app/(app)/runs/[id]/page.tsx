import { Download, ListChecks } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/runs/auto-refresh";
import { formatCount } from "@/components/runs/format-run";
import { ProblemGroups } from "@/components/runs/problem-groups";
import { ProblemKeySearch, problemsHref } from "@/components/runs/problem-key-search";
import { ProblemsTable } from "@/components/runs/problems-table";
import { RunAlerts } from "@/components/runs/run-alerts";
import { RunDetails } from "@/components/runs/run-details";
import { RunLivePanel } from "@/components/runs/run-live-panel";
import { StillInvalidSummary } from "@/components/runs/still-invalid-summary";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { hasRole } from "@/lib/auth/roles";
import { getRun } from "@/lib/runs/get-run";
import { listRunAlerts } from "@/lib/runs/list-run-alerts";
import { groupRunProblems, listRunProblems } from "@/lib/runs/list-run-problems";
import { listStillInvalid } from "@/lib/runs/list-still-invalid";
import { isActiveStatus } from "@/lib/runs/run-view";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const run = await getRun(getDb(), (await params).id);
  return { title: run ? `Run of ${run.destinationName}` : "Run" };
}

export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<{ cursor?: string; key?: string | string[] }>;
}) {
  const user = await requirePageUser("VIEWER");
  const { id } = await params;
  const { cursor, key: keyParam } = await searchParams;
  // A row key as the source has it (an order id...); the index on (runId, rowKey) finds it.
  const rowKey = (Array.isArray(keyParam) ? keyParam[0] : keyParam)?.trim().slice(0, 500) || null;
  const db = getDb();
  const run = await getRun(db, id);
  if (!run) notFound();
  const [groups, page, alerts, stillInvalid] = await Promise.all([
    groupRunProblems(db, id),
    listRunProblems(db, id, { cursor, pageSize: 25, rowKey }),
    listRunAlerts(db, id),
    listStillInvalid(db, id),
  ]);
  const problemRows = run.counts.invalid + run.counts.rejected + run.counts.duplicate + run.counts.failed;

  return (
    <>
      <p className="mb-1 text-sm text-muted-foreground">
        <Link href="/runs" className="hover:text-foreground hover:underline">
          Runs
        </Link>
        {" / "}
        <Link href={`/destinations/${run.destinationId}`} className="hover:text-foreground hover:underline">
          {run.destinationName}
        </Link>
      </p>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight">Run of {run.destinationName}</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Queued <DateTime value={run.createdAt} seconds />
        </p>
      </div>
      <AutoRefresh active={isActiveStatus(run.status)} everyMs={10_000} />
      <div className="space-y-6">
        <RunLivePanel initial={run} canCancel={hasRole(user.role, "EDITOR")} />
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
          <Card>
            <CardHeader
              title="Why rows were not sent"
              description={groups.length > 0 ? "New problems, grouped by reason, most common first." : undefined}
            />
            {groups.length > 0 ? (
              <ProblemGroups groups={groups} />
            ) : (
              <CardBody>
                <p className="flex items-center gap-2 text-sm text-muted-foreground">
                  <ListChecks aria-hidden className="h-4 w-4" />
                  {isActiveStatus(run.status)
                    ? "No new problems so far."
                    : run.status === "FAILED"
                      ? "No row was refused. The run stopped for the reason shown above."
                      : run.counts.stillInvalid > 0
                        ? "No new problems: every other row read was sent, or had been sent before."
                        : "Every row read was sent, or had been sent before."}
                </p>
              </CardBody>
            )}
            {run.counts.stillInvalid > 0 && stillInvalid.length > 0 ? (
              <CardBody className="border-t border-border">
                <StillInvalidSummary rows={run.counts.stillInvalid} groups={stillInvalid} />
              </CardBody>
            ) : null}
          </Card>
          <div className="space-y-6">
            <RunDetails run={run} />
            {alerts.length > 0 ? <RunAlerts alerts={alerts} /> : null}
          </div>
        </div>
        {page.problems.length > 0 || cursor || rowKey ? (
          <Card>
            <CardHeader
              title="Problem rows"
              description={`${formatCount(problemRows)} new ${problemRows === 1 ? "row was" : "rows were"} not sent${run.counts.stillInvalid > 0 ? " (rows still invalid as before are listed by their earlier run)" : ""}. Values are never stored: fix them in the source by row number or key.`}
              actions={
                <a
                  href={`/api/runs/${run.id}/problems`}
                  download
                  className={buttonVariants({ variant: "secondary", size: "sm" })}
                >
                  <Download aria-hidden className="h-3.5 w-3.5" />
                  Download CSV
                </a>
              }
            />
            <ProblemKeySearch runId={run.id} rowKey={rowKey} />
            {page.problems.length > 0 ? (
              <ProblemsTable problems={page.problems} />
            ) : (
              <p role="status" className="px-5 py-4 text-sm text-muted-foreground">
                No problem row of this run has the key “{rowKey}”: it was sent, already sent before, or not read by this
                run.
              </p>
            )}
            {cursor || page.nextCursor ? (
              <nav aria-label="Pages of problem rows" className="flex justify-end gap-2 px-5 py-3">
                {cursor ? (
                  <Link
                    href={problemsHref(run.id, rowKey)}
                    className={buttonVariants({ variant: "secondary", size: "sm" })}
                  >
                    First page
                  </Link>
                ) : null}
                {page.nextCursor ? (
                  <Link
                    href={problemsHref(run.id, rowKey, page.nextCursor)}
                    className={buttonVariants({ variant: "secondary", size: "sm" })}
                  >
                    Next page
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </Card>
        ) : null}
      </div>
    </>
  );
}
