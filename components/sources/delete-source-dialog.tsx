"use client";

import { Trash } from "lucide-react";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef } from "react";
import { deleteSourceAction } from "@/app/(app)/sources/actions";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";

/** Delete, behind a confirmation (a native modal dialog: focus is trapped and Escape closes it). */
export function DeleteSourceDialog({ source }: { source: { id: string; name: string; destinationCount: number } }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, run, pending] = useActionState(deleteSourceAction, null);
  useEffect(() => {
    if (state?.ok) router.push("/sources");
  }, [state, router]);
  const inUse = source.destinationCount > 0;
  return (
    <>
      <Button variant="secondary" onClick={() => dialog.current?.showModal()}>
        <Trash aria-hidden className="h-4 w-4" />
        Delete
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="delete-source-title"
        aria-describedby="delete-source-text"
        className="m-auto w-full max-w-md rounded-lg border border-border bg-card p-0 text-foreground shadow-xl backdrop:bg-black/40"
      >
        <div className="space-y-3 px-5 py-4">
          <h2 id="delete-source-title" className="text-base font-semibold">
            Delete “{source.name}”?
          </h2>
          <p id="delete-source-text" className="text-sm text-muted-foreground">
            {inUse
              ? `It is used by ${source.destinationCount} ${source.destinationCount === 1 ? "destination" : "destinations"}, so it cannot be deleted. Point ${source.destinationCount === 1 ? "it" : "them"} at another source first.`
              : "The source and its saved connection or file are deleted. Runs that already happened keep their history."}
          </p>
          {state && !state.ok ? <Alert tone="danger">{state.message}</Alert> : null}
        </div>
        <div className="flex justify-end gap-2 border-t border-border bg-muted/40 px-5 py-3">
          <Button variant="secondary" autoFocus onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={pending || inUse || state?.ok}
            onClick={() => startTransition(() => run({ sourceId: source.id }))}
          >
            {pending ? "Deleting…" : "Delete source"}
          </Button>
        </div>
      </dialog>
    </>
  );
}
