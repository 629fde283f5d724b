"use client";

import type { ReactNode } from "react";
import { saveAccountStepAction } from "@/app/(app)/destinations/[id]/setup/actions";
import type { AdAccountView } from "@/lib/connections/list-ad-account-page";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { ChoiceCard } from "./choice-card";
import { StepFooter } from "./step-footer";
import { useStepForm } from "./use-step-form";
import { toneText } from "../ui/tone-text";

interface AccountStepFormProps {
  destinationId: string;
  accounts: AdAccountView[];
  /** The saved account when it is not on the page shown (another page or search). */
  pinned: { id: string; name: string } | null;
  selectedId: string | null;
  readOnly: boolean;
  backHref: string;
  children: ReactNode;
}

export function AccountStepForm({
  destinationId,
  accounts,
  pinned,
  selectedId,
  readOnly,
  backHref,
  children,
}: AccountStepFormProps) {
  const { onSubmit, pending, fieldErrors, formError } = useStepForm(saveAccountStepAction);
  const error = fieldErrors.adAccountId;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <input type="hidden" name="destinationId" value={destinationId} />
      {formError && !error ? (
        <Alert tone="danger" className={toneText.danger}>
          {formError}
        </Alert>
      ) : null}
      <fieldset disabled={readOnly} aria-describedby={error ? "account-error" : undefined}>
        <legend className="sr-only">Ad account</legend>
        <div className="space-y-2">
          {pinned ? (
            <ChoiceCard name="adAccountId" value={pinned.id} defaultChecked>
              <span className="font-medium">{pinned.name}</span>{" "}
              <span className="font-mono text-xs text-muted-foreground">{pinned.id}</span>{" "}
              <Badge tone="primary">Currently selected</Badge>
            </ChoiceCard>
          ) : null}
          {accounts.map((account) => {
            const reasonId = `account-${account.id}-reason`;
            return (
              <ChoiceCard
                key={account.id}
                name="adAccountId"
                value={account.id}
                disabled={!account.canSendConversions}
                defaultChecked={account.id === selectedId}
                aria-describedby={account.disabledReason ? reasonId : undefined}
                description={account.disabledReason ? <span id={reasonId}>{account.disabledReason}</span> : undefined}
              >
                <span className="flex flex-wrap items-center justify-between gap-2">
                  <span>
                    <span className="font-medium">{account.name}</span>{" "}
                    <span className="font-mono text-xs text-muted-foreground">{account.id}</span>
                  </span>
                  {account.accessLevel ? (
                    <Badge
                      tone={account.canSendConversions ? "success" : "neutral"}
                      className={account.canSendConversions ? toneText.success : undefined}
                    >
                      {account.accessLevel}
                    </Badge>
                  ) : (
                    <Badge tone="danger" className={toneText.danger}>
                      Access unknown
                    </Badge>
                  )}
                </span>
              </ChoiceCard>
            );
          })}
        </div>
        {error ? (
          <p id="account-error" role="alert" className={`mt-2 text-xs font-medium ${toneText.danger}`}>
            {error.join(" ")}
          </p>
        ) : null}
      </fieldset>
      {children}
      <StepFooter backHref={backHref} submitLabel="Continue" pending={pending} readOnly={readOnly} />
    </form>
  );
}
