import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "../ui/button";
import { SubmitButton } from "../ui/submit-button";

/** Back to the previous step, and the step's own submit button (hidden in view-only mode). */
export function StepFooter({
  backHref,
  submitLabel,
  pending,
  readOnly,
  pendingLabel = "Saving…",
}: {
  backHref: string | null;
  submitLabel: string;
  pending: boolean;
  readOnly: boolean;
  pendingLabel?: string;
}) {
  return (
    <div className="mt-6 flex items-center justify-between gap-3 border-t border-border pt-4">
      {backHref ? (
        <Link href={backHref} className={buttonVariants({ variant: "ghost" })}>
          <ArrowLeft aria-hidden className="h-4 w-4" />
          Back
        </Link>
      ) : (
        <span />
      )}
      {readOnly ? null : <SubmitButton disabled={pending}>{pending ? pendingLabel : submitLabel}</SubmitButton>}
    </div>
  );
}
