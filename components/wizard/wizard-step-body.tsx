import { Database } from "lucide-react";
import Link from "next/link";
import { hasRole } from "@/lib/auth/roles";
import { getEnv } from "@/lib/config/env";
import type { DestinationView } from "@/lib/destinations/destination-view";
import type { WizardStepData } from "@/lib/destinations/load-wizard-step";
import type { WizardStepKey } from "@/lib/destinations/wizard-steps";
import type { CurrentUser } from "@/lib/server/auth";
import { buttonVariants } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { AccountStep } from "./account-step";
import { ConnectionStep } from "./connection-step";
import { EventStep } from "./event-step";
import { MappingStep } from "./mapping-step";
import { PreviewStep } from "./preview-step";
import { ScheduleStepForm } from "./schedule-step-form";
import { SourceStepForm } from "./source-step-form";

interface StepBodyProps {
  /** The step and what the page read for it (loadWizardStep). */
  data: WizardStepData;
  destination: DestinationView;
  user: CurrentUser;
  readOnly: boolean;
  param: (name: string) => string | null;
}

/** The body of each wizard step; the page around it checks that the step may be opened and
 * reads what the step shows. */
export function WizardStepBody({ data, destination, user, readOnly, param }: StepBodyProps) {
  const back = (key: WizardStepKey) => `/destinations/${destination.id}/setup/${key}`;
  switch (data.step) {
    case "connection": {
      const { connections } = data;
      return (
        <ConnectionStep
          destination={destination}
          connections={connections}
          readOnly={readOnly}
          canConnect={hasRole(user.role, "OWNER")}
          connectError={param("connect_error")}
          connectedId={param("connected")}
        />
      );
    }
    case "account":
      return (
        <AccountStep
          destination={destination}
          readOnly={readOnly}
          q={param("q") ?? ""}
          accounts={data.accounts}
          canConnect={hasRole(user.role, "OWNER")}
        />
      );
    case "event":
      return <EventStep destination={destination} readOnly={readOnly} read={data.tags} />;
    case "source": {
      const { sources } = data;
      const newSourceHref = `/sources/new?for=${destination.id}`;
      if (sources.length === 0) {
        return (
          <EmptyState
            icon={Database}
            title="No sources yet"
            action={
              readOnly ? undefined : (
                <Link href={newSourceHref} className={buttonVariants()}>
                  Create a source
                </Link>
              )
            }
          >
            A source is where the conversions come from: a PostgreSQL query or an uploaded CSV file.{" "}
            {readOnly
              ? "An editor or owner adds sources."
              : "Create one and you come back here; everything so far is saved."}
          </EmptyState>
        );
      }
      // A source just created from this step comes back chosen; a lone source is the obvious choice.
      const justCreated = sources.find((source) => source.id === param("source"))?.id;
      const selectedId = justCreated ?? destination.source?.id ?? (sources.length === 1 ? sources[0]!.id : null);
      return (
        <SourceStepForm
          destinationId={destination.id}
          sources={sources}
          selectedId={selectedId}
          hasMapping={destination.mapping !== null}
          readOnly={readOnly}
          backHref={back("event")}
          newSourceHref={readOnly ? null : newSourceHref}
        />
      );
    }
    case "mapping":
      return <MappingStep destination={destination} readOnly={readOnly} loaded={data.sample} />;
    case "preview":
      return <PreviewStep destination={destination} readOnly={readOnly} loaded={data.preview} />;
    case "schedule": {
      const { cursorChoices } = data;
      return (
        <ScheduleStepForm
          destinationId={destination.id}
          name={destination.name}
          schedule={destination.schedule}
          alerts={destination.alerts}
          emailConfigured={Boolean(getEnv().SMTP_URL)}
          reads={{ sourceKind: destination.source?.kind ?? null, cursorChoices, incremental: destination.incremental }}
          status={destination.status}
          readOnly={readOnly}
          backHref={back("preview")}
        />
      );
    }
  }
}
