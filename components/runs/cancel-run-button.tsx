"use client";

import { Square } from "lucide-react";
import { startTransition, useActionState } from "react";
import { cancelRunAction } from "@/app/(app)/runs/actions";
import { ConfirmDialog } from "../ui/confirm-dialog";

/** Stops a queued or running sync, after a confirmation. The server checks the editor role. */
export function CancelRunButton({ runId, onCancelled }: { runId: string; onCancelled?: () => void }) {
  const [state, cancel, pending] = useActionState(
    async (previous: Awaited<ReturnType<typeof cancelRunAction>> | null, input: { runId: string }) => {
      const result = await cancelRunAction(previous, input);
      if (result.ok) onCancelled?.();
      return result;
    },
    null,
  );
  return (
    <div className="flex flex-col items-end gap-1">
      <ConfirmDialog
        triggerLabel={
          <>
            <Square aria-hidden className="h-3.5 w-3.5" />
            {pending ? "Cancelling…" : "Cancel run"}
          </>
        }
        triggerProps={{ variant: "secondary", size: "sm", disabled: pending || state?.ok === true }}
        title="Cancel this run?"
        confirmLabel="Cancel run"
        onConfirm={() => startTransition(() => cancel({ runId }))}
      >
        Batches already on their way to X finish; nothing more is sent. Rows not sent yet are sent by the next run.
      </ConfirmDialog>
      <p aria-live="polite" className="text-xs">
        {state ? <span className={state.ok ? "text-muted-foreground" : "text-danger"}>{state.message}</span> : null}
      </p>
    </div>
  );
}
