import { Check, Lock } from "lucide-react";
import Link from "next/link";
import type { StepState, WizardStepKey } from "@/lib/destinations/wizard-steps";
import { cn } from "../ui/cn";

/** The steps down the side: done ones and the next one are links; later ones are locked. */
export function WizardStepper({
  destinationId,
  steps,
  current,
}: {
  destinationId: string;
  steps: StepState[];
  current: WizardStepKey;
}) {
  return (
    <nav aria-label="Setup steps">
      <ol className="space-y-1">
        {steps.map((step, index) => {
          const isCurrent = step.key === current;
          const marker = (
            <span
              aria-hidden
              className={cn(
                "flex h-6 w-6 shrink-0 items-center justify-center rounded-full border text-xs font-semibold",
                step.complete
                  ? "border-success bg-success text-white"
                  : isCurrent
                    ? "border-primary text-primary"
                    : "border-border text-muted-foreground",
              )}
            >
              {step.complete ? <Check className="h-3.5 w-3.5" /> : index + 1}
            </span>
          );
          const label = (
            <>
              {marker}
              <span className="flex-1">{step.title}</span>
              <span className="sr-only">
                {step.complete ? "(done)" : step.reachable ? "(to do)" : "(locked until the earlier steps are done)"}
              </span>
              {!step.reachable ? <Lock aria-hidden className="h-3.5 w-3.5 text-muted-foreground" /> : null}
            </>
          );
          const className = cn(
            "flex items-center gap-3 rounded-md px-3 py-2 text-sm",
            isCurrent
              ? "bg-accent font-medium text-accent-foreground"
              : step.reachable
                ? "text-foreground hover:bg-muted"
                : "text-muted-foreground",
          );
          return (
            <li key={step.key}>
              {step.reachable ? (
                <Link
                  href={`/destinations/${destinationId}/setup/${step.key}`}
                  aria-current={isCurrent ? "step" : undefined}
                  className={className}
                >
                  {label}
                </Link>
              ) : (
                <span className={className}>{label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
