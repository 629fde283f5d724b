"use client";

import { KeyRound } from "lucide-react";
import { useRef } from "react";
import { revokeApiTokenAction } from "@/app/(app)/settings/api-tokens/actions";
import { SCOPE_LABELS } from "@/lib/api/api-token-scopes";
import type { ApiTokenView } from "@/lib/api/manage-api-tokens";
import { Badge } from "../ui/badge";
import { Card, CardHeader } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { DateTime } from "../ui/date-time";
import { EmptyState } from "../ui/empty-state";
import { Table, Td, Th } from "../ui/table";
import { toneText } from "../ui/tone-text";
import { useFormAction } from "../ui/use-form-action";

// Through the app's one date component: the viewer's time zone, UTC on hover.
const when = (iso: string | null, none: string) => (iso ? <DateTime value={iso} relative /> : none);
const day = (iso: string | null, none: string) => (iso ? <DateTime value={iso} /> : none);

function RevokeForm({ token }: { token: ApiTokenView }) {
  const [state, formAction, pending] = useFormAction(revokeApiTokenAction);
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} onSubmit={formAction} className="flex flex-col items-end gap-1">
      <input type="hidden" name="tokenId" value={token.id} />
      <ConfirmDialog
        triggerLabel="Revoke"
        triggerProps={{ variant: "ghost", size: "sm", disabled: pending, "aria-label": `Revoke ${token.name}` }}
        title={`Revoke "${token.name}"?`}
        confirmLabel="Revoke token"
        onConfirm={() => form.current?.requestSubmit()}
      >
        Whatever uses it gets 401 from its next request on. This cannot be undone; make a new token instead.
      </ConfirmDialog>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-danger">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}

export function ApiTokensTable({ tokens }: { tokens: ApiTokenView[] }) {
  if (tokens.length === 0) {
    return (
      <EmptyState icon={KeyRound} title="No API tokens yet">
        Make one for each tool that starts syncs or reads runs (Airflow, GitHub Actions, dbt Cloud), so each can be
        revoked alone.
      </EmptyState>
    );
  }
  return (
    <Card>
      <CardHeader
        title="API tokens"
        description="Each acts with its scope, and never beyond what the owner who made it may do now."
      />
      <Table>
        <thead>
          <tr>
            <Th>Token</Th>
            <Th>Scope</Th>
            <Th>Last used</Th>
            <Th>Expires</Th>
            <Th className="text-right">Access</Th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <Td>
                <p className="font-medium">
                  {token.name}{" "}
                  {token.state === "revoked" ? (
                    <Badge tone="danger" className={toneText.danger}>
                      Revoked
                    </Badge>
                  ) : token.state === "expired" ? (
                    <Badge tone="warning" className={toneText.warning}>
                      Expired
                    </Badge>
                  ) : null}
                </p>
                <p className="font-mono text-xs text-muted-foreground">{token.hint}</p>
                <p className="break-all text-xs text-muted-foreground">
                  by {token.createdByEmail}, {day(token.createdAt, "")}
                </p>
              </Td>
              <Td>
                <Badge tone="primary">{SCOPE_LABELS[token.scope]}</Badge>
              </Td>
              <Td className="whitespace-nowrap text-muted-foreground">{when(token.lastUsedAt, "Never")}</Td>
              <Td className="whitespace-nowrap text-muted-foreground">
                {token.revokedAt ? <>Revoked {day(token.revokedAt, "")}</> : day(token.expiresAt, "Never")}
              </Td>
              <Td className="text-right">{token.state === "active" ? <RevokeForm token={token} /> : null}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
