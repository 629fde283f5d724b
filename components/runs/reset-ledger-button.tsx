"use client";

import { RotateCcw } from "lucide-react";
import { useId, useRef } from "react";
import { resetLedgerAction } from "@/app/(app)/runs/actions";
import { Button } from "../ui/button";
import { SubmitButton } from "../ui/submit-button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { useFormAction } from "../ui/use-form-action";

/**
 * Owners only (the server checks): forget which rows were sent, so the next run sends them all
 * again. Never by accident: the destination's name must be typed in a dialog.
 */
export function ResetLedgerButton({
  destinationId,
  destinationName,
}: {
  destinationId: string;
  destinationName: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [state, onSubmit, pending] = useFormAction(resetLedgerAction);
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        className="text-danger hover:bg-danger-soft"
        onClick={() => dialog.current?.showModal()}
      >
        <RotateCcw aria-hidden className="h-3.5 w-3.5" />
        Reset sent rows
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-lg border border-border bg-card p-0 text-foreground shadow-xl backdrop:bg-black/40"
      >
        <form onSubmit={onSubmit}>
          <div className="space-y-3 px-5 pt-5">
            <h2 id={titleId} className="text-base font-semibold">
              Reset the record of sent rows?
            </h2>
            <p className="text-sm text-muted-foreground">
              Sluice forgets which rows of <strong className="text-foreground">{destinationName}</strong> were sent, and
              the next run sends every row again. X ignores a resend of the same conversion within 48 hours; older ones
              are counted again. This is recorded in the audit log.
            </p>
            <input type="hidden" name="destinationId" value={destinationId} />
            <Field
              id={`${titleId}-confirm`}
              label={`Type “${destinationName}” to confirm`}
              hint={
                destinationName.includes("→") ? "Type -> for →; capitals do not matter." : "Capitals do not matter."
              }
              errors={state && !state.ok ? state.fieldErrors?.confirmName : undefined}
            >
              <Input name="confirmName" autoComplete="off" required />
            </Field>
            <p aria-live="polite" className="text-sm">
              {state?.ok ? (
                <span className="text-success">{state.message}</span>
              ) : state && !state.fieldErrors ? (
                <span role="alert" className="text-danger">
                  {state.message}
                </span>
              ) : null}
            </p>
          </div>
          <div className="mt-4 flex justify-end gap-2 border-t border-border px-5 py-3">
            <Button variant="secondary" size="sm" onClick={() => dialog.current?.close()} autoFocus>
              {state?.ok ? "Close" : "Cancel"}
            </Button>
            {state?.ok ? null : (
              <SubmitButton variant="danger" size="sm" disabled={pending}>
                {pending ? "Resetting…" : "Reset sent rows"}
              </SubmitButton>
            )}
          </div>
        </form>
      </dialog>
    </>
  );
}
