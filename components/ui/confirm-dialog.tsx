"use client";

import { useId, useRef, type ReactNode } from "react";
import { Button, type ButtonProps } from "./button";

interface ConfirmDialogProps {
  /** The button that opens the dialog. */
  triggerLabel: ReactNode;
  triggerProps?: Omit<ButtonProps, "onClick" | "children">;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  onConfirm: () => void;
}

/**
 * A confirmation on the native <dialog>: showModal() traps focus, Escape cancels, and focus
 * returns to the trigger when it closes, with nothing to reimplement.
 */
export function ConfirmDialog({
  triggerLabel,
  triggerProps,
  title,
  children,
  confirmLabel,
  tone = "danger",
  onConfirm,
}: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  return (
    <>
      <Button {...triggerProps} onClick={() => dialog.current?.showModal()}>
        {triggerLabel}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        className="m-auto w-full max-w-md rounded-lg border border-border bg-card p-0 text-left text-foreground shadow-xl backdrop:bg-black/40"
      >
        <div className="space-y-2 px-5 pt-5">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <div id={bodyId} className="text-sm text-muted-foreground">
            {children}
          </div>
        </div>
        <div className="mt-5 flex justify-end gap-2 border-t border-border px-5 py-3">
          <Button variant="secondary" size="sm" onClick={() => dialog.current?.close()} autoFocus>
            Cancel
          </Button>
          <Button
            variant={tone === "danger" ? "danger" : "primary"}
            size="sm"
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
