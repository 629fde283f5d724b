"use client";

import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { RunView } from "@/lib/runs/run-view";
import { RunStatusBadge } from "../destinations/run-status-badge";
import { RunProgressBar } from "./run-progress-bar";
import { useRunProgress } from "./run-query";

/** A destination's current run, live, in a few lines; the page refreshes once it ends. */
export function ActiveRunProgress({ initial, title }: { initial: RunView; title?: string }) {
  const router = useRouter();
  const { data: run } = useRunProgress(initial);
  const active = run.status === "QUEUED" || run.status === "RUNNING";
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) router.refresh();
    wasActive.current = active;
  }, [active, router]);
  return (
    <div className="space-y-3 rounded-md border border-border bg-muted/40 px-4 py-3">
      <div className="flex items-center justify-between gap-3">
        <div className="flex items-center gap-2 text-sm">
          {title ? <span className="font-medium">{title}</span> : null}
          <RunStatusBadge status={run.status} />
          <span className="text-muted-foreground">{run.counts.sent.toLocaleString("en-US")} sent so far</span>
        </div>
        <Link href={`/runs/${run.id}`} className="inline-flex items-center gap-1 text-sm font-medium hover:underline">
          Open run <ArrowRight aria-hidden className="h-3.5 w-3.5" />
        </Link>
      </div>
      <RunProgressBar run={run} compact />
    </div>
  );
}
