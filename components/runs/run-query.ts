"use client";

import { useQuery } from "@tanstack/react-query";
import type { RunView } from "@/lib/runs/run-view";

// Live run data (conventions.md §10): a typed key factory, one fetcher, one hook per query.

export const runKeys = {
  all: ["runs"] as const,
  detail: (runId: string) => [...runKeys.all, "detail", runId] as const,
};

export class RunFetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function fetchRun(runId: string, signal?: AbortSignal): Promise<RunView> {
  const response = await fetch(`/api/runs/${encodeURIComponent(runId)}`, {
    signal,
    headers: { accept: "application/json" },
    cache: "no-store",
  });
  const body = (await response.json().catch(() => null)) as
    { ok: true; data: RunView } | { ok: false; message: string } | null;
  if (!response.ok || !body || !body.ok)
    throw new RunFetchError(body && !body.ok ? body.message : `HTTP ${response.status}`, response.status);
  return body.data;
}

const isActive = (run: RunView | undefined) => run?.status === "QUEUED" || run?.status === "RUNNING";

/** A run, polled every second while it is queued or running, then left alone. Components showing
 * the same run share one query (and one poll). */
export function useRunProgress(initial: RunView, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: runKeys.detail(initial.id),
    enabled: options.enabled ?? true,
    queryFn: ({ signal }) => fetchRun(initial.id, signal),
    initialData: initial,
    refetchInterval: (query) => (isActive(query.state.data) ? 1_000 : false),
    refetchIntervalInBackground: false,
    staleTime: 0,
    retry: (count, error) => !(error instanceof RunFetchError && error.status < 500) && count < 3,
  });
}
