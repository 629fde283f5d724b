"use client";

import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect } from "react";
import { runSyncNowAction } from "@/app/(app)/runs/actions";
import { Button } from "../ui/button";
import { QueuedRunMessage } from "./queued-run-message";

/**
 * "Run sync now": asks the server to queue a run (editors only; the server checks) and shows where
 * to watch it. A second click while a run is queued or running is refused with that reason.
 */
export function RunSyncButton({ destinationId, size = "md" }: { destinationId: string; size?: "sm" | "md" }) {
  const router = useRouter();
  const [state, run, pending] = useActionState(runSyncNowAction, null);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button size={size} disabled={pending} onClick={() => startTransition(() => run({ destinationId }))}>
        <Play aria-hidden className="h-3.5 w-3.5" />
        {pending ? "Queueing…" : "Run sync now"}
      </Button>
      <p aria-live="polite" className="max-w-xs text-right text-xs">
        <QueuedRunMessage state={state} />
      </p>
    </div>
  );
}
