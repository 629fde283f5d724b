import Link from "next/link";
import type { ReactNode } from "react";
import type { DestinationView } from "@/lib/destinations/destination-view";
import { WIZARD_STEPS, type WizardStepKey } from "@/lib/destinations/wizard-steps";
import { DestinationStatusBadge } from "../destinations/destination-status-badge";
import { Alert } from "../ui/alert";
import { Card } from "../ui/card";
import { WizardStepper } from "./wizard-stepper";

/** The wizard around one step: where you are, the steps, and the step itself. */
export function WizardFrame({
  destination,
  current,
  readOnly,
  children,
}: {
  destination: DestinationView;
  current: WizardStepKey;
  readOnly: boolean;
  children: ReactNode;
}) {
  const step = WIZARD_STEPS.find((candidate) => candidate.key === current)!;
  const number = WIZARD_STEPS.indexOf(step) + 1;
  return (
    <>
      <div className="mb-6">
        <p className="text-sm text-muted-foreground">
          <Link href="/destinations" className="hover:text-foreground hover:underline">
            Destinations
          </Link>
          <span aria-hidden> / </span>
          {destination.status === "DRAFT" ? (
            <span>{destination.name}</span>
          ) : (
            <Link href={`/destinations/${destination.id}`} className="hover:text-foreground hover:underline">
              {destination.name}
            </Link>
          )}
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            {destination.status === "DRAFT" ? "Set up destination" : "Edit destination"}
          </h1>
          <DestinationStatusBadge status={destination.status} />
        </div>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[220px_minmax(0,1fr)]">
        <aside className="lg:sticky lg:top-8 lg:self-start">
          <WizardStepper destinationId={destination.id} steps={destination.steps} current={current} />
        </aside>
        <section aria-labelledby="step-title" className="min-w-0 space-y-4">
          {readOnly ? (
            <Alert tone="info" title="View only">
              You can look at every step; only editors and owners can change a destination.
            </Alert>
          ) : null}
          <Card>
            <div className="border-b border-border px-5 py-4">
              <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">
                Step {number} of {WIZARD_STEPS.length}
              </p>
              <h2 id="step-title" className="mt-0.5 text-lg font-semibold">
                {step.title}
              </h2>
              <p className="mt-0.5 text-sm text-muted-foreground">{step.description}</p>
            </div>
            <div className="px-5 py-5">{children}</div>
          </Card>
        </section>
      </div>
    </>
  );
}
