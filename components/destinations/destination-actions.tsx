"use client";

import { Copy, Pause, Pencil, Play, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect } from "react";
import {
  deleteDestinationAction,
  duplicateDestinationAction,
  setDestinationPausedAction,
} from "@/app/(app)/destinations/actions";
import type { DestinationStatus } from "@/lib/generated/prisma/client";
import { buttonVariants, Button } from "../ui/button";
import { cn } from "../ui/cn";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { toneText } from "../ui/tone-text";

interface DestinationActionsProps {
  id: string;
  name: string;
  status: DestinationStatus;
  editHref: string;
  size?: "sm" | "md";
}

/** Edit, duplicate, pause/resume and delete (with a confirmation); each answer is announced. */
export function DestinationActions({ id, name, status, editHref, size = "sm" }: DestinationActionsProps) {
  // In the list (size sm) the secondary actions are icons with a tooltip; their accessible names
  // come from aria-label either way.
  const label = (text: string) => <span className={size === "sm" ? "sr-only" : undefined}>{text}</span>;
  const iconOnly = size === "sm" ? "px-2" : undefined;
  const router = useRouter();
  const [duplicated, duplicate, duplicating] = useActionState(duplicateDestinationAction, null);
  const [paused, setPaused, pausing] = useActionState(setDestinationPausedAction, null);
  const [deleted, remove, deleting] = useActionState(deleteDestinationAction, null);
  useEffect(() => {
    if (duplicated?.ok) router.push(duplicated.data.next);
  }, [duplicated, router]);
  useEffect(() => {
    if (deleted?.ok) router.push(deleted.data.next);
  }, [deleted, router]);
  const failure = [duplicated, paused, deleted].find((state) => state && !state.ok);
  const notice = paused?.ok ? paused.message : null;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-1.5">
        <Link
          href={editHref}
          className={cn(buttonVariants({ variant: "secondary", size }))}
          aria-label={`${status === "DRAFT" ? "Continue setup of" : "Edit"} ${name}`}
        >
          <Pencil aria-hidden className="h-3.5 w-3.5" />
          {status === "DRAFT" ? "Continue setup" : "Edit"}
        </Link>
        <Button
          variant="ghost"
          size={size}
          className={iconOnly}
          title="Duplicate"
          disabled={duplicating}
          aria-label={`Duplicate ${name}`}
          onClick={() => startTransition(() => duplicate({ destinationId: id }))}
        >
          <Copy aria-hidden className="h-3.5 w-3.5" />
          {label("Duplicate")}
        </Button>
        {status === "DRAFT" ? null : (
          <Button
            variant="ghost"
            size={size}
            className={iconOnly}
            title={status === "PAUSED" ? "Resume" : "Pause"}
            disabled={pausing}
            aria-label={`${status === "PAUSED" ? "Resume" : "Pause"} ${name}`}
            onClick={() =>
              startTransition(() => setPaused({ destinationId: id, paused: status === "PAUSED" ? "false" : "true" }))
            }
          >
            {status === "PAUSED" ? (
              <Play aria-hidden className="h-3.5 w-3.5" />
            ) : (
              <Pause aria-hidden className="h-3.5 w-3.5" />
            )}
            {label(status === "PAUSED" ? "Resume" : "Pause")}
          </Button>
        )}
        <ConfirmDialog
          triggerLabel={
            <>
              <Trash2 aria-hidden className="h-3.5 w-3.5" />
              {label("Delete")}
            </>
          }
          triggerProps={{
            variant: "ghost",
            size,
            disabled: deleting,
            title: "Delete",
            "aria-label": `Delete ${name}`,
            className: `hover:bg-danger-soft ${toneText.danger} ${iconOnly ?? ""}`,
          }}
          title={`Delete ${name}?`}
          confirmLabel="Delete destination"
          onConfirm={() => startTransition(() => remove({ destinationId: id }))}
        >
          Its configuration, run history and record of sent rows are deleted. Conversions already sent to X stay in X.
          This cannot be undone.
        </ConfirmDialog>
      </div>
      <p aria-live="polite" className="text-xs">
        {failure && !failure.ok ? (
          <span className={` ${toneText.danger}`}>{failure.message}</span>
        ) : notice ? (
          <span className="text-muted-foreground">{notice}</span>
        ) : null}
      </p>
    </div>
  );
}
