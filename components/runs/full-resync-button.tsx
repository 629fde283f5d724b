"use client";

import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef } from "react";
import { runSyncNowAction } from "@/app/(app)/runs/actions";
import { Button } from "../ui/button";
import { SubmitButton } from "../ui/submit-button";
import { useFormAction } from "../ui/use-form-action";
import { QueuedRunMessage } from "./queued-run-message";

/**
 * "Full resync" for a destination that reads incrementally: one run that reads every row of the
 * source instead of the window after the watermark. Asked for on purpose, in a dialog that says
 * what it costs; the ledger still keeps rows already sent from being sent again.
 */
export function FullResyncButton({ destinationId, cursorColumn }: { destinationId: string; cursorColumn: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [state, onSubmit, pending] = useFormAction(runSyncNowAction);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => dialog.current?.showModal()}>
        <RefreshCw aria-hidden className="h-3.5 w-3.5" />
        Full resync
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-lg border border-border bg-card p-0 text-foreground shadow-xl backdrop:bg-black/40"
      >
        <form onSubmit={onSubmit}>
          <div className="space-y-3 px-5 pt-5">
            <h2 id={titleId} className="text-base font-semibold">
              Read every row once?
            </h2>
            <p className="text-sm text-muted-foreground">
              Runs of this destination read only rows whose{" "}
              <code className="font-mono text-foreground">{cursorColumn}</code> is new since the last run. A full resync
              reads the whole source once, to pick up rows whose {cursorColumn} did not change. Rows already sent are
              skipped, so nothing is sent twice; it only takes longer.
            </p>
            <input type="hidden" name="destinationId" value={destinationId} />
            <input type="hidden" name="fullResync" value="true" />
            <p aria-live="polite" className="text-sm">
              <QueuedRunMessage state={state} />
            </p>
          </div>
          <div className="mt-4 flex justify-end gap-2 border-t border-border px-5 py-3">
            <Button variant="secondary" size="sm" onClick={() => dialog.current?.close()} autoFocus>
              {state?.ok ? "Close" : "Cancel"}
            </Button>
            {state?.ok ? null : (
              <SubmitButton size="sm" disabled={pending}>
                {pending ? "Queueing…" : "Start full resync"}
              </SubmitButton>
            )}
          </div>
        </form>
      </dialog>
    </>
  );
}
