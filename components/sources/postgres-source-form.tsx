"use client";

import { LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createPostgresSourceAction, updatePostgresSourceAction } from "@/app/(app)/sources/actions";
import { Alert } from "../ui/alert";
import { SubmitButton } from "../ui/submit-button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { useFormAction } from "../ui/use-form-action";
import { READ_ONLY_ROLE_SQL_FIELD } from "@/lib/sources/source-error";
import { QueryErrorPointer } from "./query-error-pointer";
import { ReadOnlyUserHelp } from "./read-only-user-help";
import { Textarea } from "./textarea";

interface SavedPostgresSource {
  id: string;
  name: string;
  connectionStringRedacted: string | null;
  query: string | null;
  statementTimeoutSeconds: number;
}

const QUERY_PLACEHOLDER =
  "SELECT order_id, email, phone, value, currency, ordered_at\nFROM orders\nWHERE ordered_at > now() - interval '7 days'";

/** Create a PostgreSQL source, or edit one (`source` given). Saving checks the query first.
 * `returnTo` (a destination's source step) is where a new source goes once saved. */
export function PostgresSourceForm({ source, returnTo }: { source?: SavedPostgresSource; returnTo?: string }) {
  const router = useRouter();
  const [state, onSubmit, pending] = useFormAction(source ? updatePostgresSourceAction : createPostgresSourceAction);
  const [query, setQuery] = useState(source?.query ?? "");
  const [submittedQuery, setSubmittedQuery] = useState(query);
  useEffect(() => {
    if (!state?.ok) return;
    // Saved (and so checked): show rows of the query as it is now.
    if (source) router.replace(`/sources/${state.data.id}?preview=1`, { scroll: false });
    else if (returnTo) router.push(`${returnTo}?source=${encodeURIComponent(state.data.id)}`);
    else router.push(`/sources/${state.data.id}?preview=1`);
  }, [state, source, router, returnTo]);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const formError = state && !state.ok ? (state.fieldErrors ? errors._form?.join(" ") : state.message) : undefined;
  const prefix = source ? "edit" : "new";

  return (
    <form
      onSubmit={(event) => {
        setSubmittedQuery(query);
        onSubmit(event);
      }}
      className="space-y-4"
      noValidate
      aria-busy={pending}
    >
      {source ? <input type="hidden" name="sourceId" value={source.id} /> : null}
      {state?.ok && source ? <Alert tone="success">{state.message}</Alert> : null}
      {formError ? (
        <Alert tone="danger" title="The source was not saved">
          {formError}
        </Alert>
      ) : null}
      <Field
        id={`${prefix}-name`}
        label="Name"
        errors={errors.name}
        hint="How the source appears when you set up a destination."
      >
        <Input
          name="name"
          defaultValue={source?.name}
          placeholder="Shop orders"
          autoComplete="off"
          required
          maxLength={100}
        />
      </Field>
      <Field
        id={`${prefix}-connection`}
        label="Connection string"
        errors={errors.connectionString}
        hint={
          source ? (
            <>
              Saved: <code className="break-all">{source.connectionStringRedacted ?? "none"}</code>. Leave blank to keep
              it; it is encrypted and never shown in full.
            </>
          ) : (
            <>
              Use a user that can only read (superusers are refused). Stored encrypted; only the host, database and user
              are ever shown back.
            </>
          )
        }
      >
        <Input
          name="connectionString"
          className="font-mono"
          placeholder={
            source
              ? "Leave blank to keep the saved connection string"
              : "postgresql://reader:password@db.example.com:5432/shop"
          }
          autoComplete="off"
          spellCheck={false}
          required={!source}
        />
      </Field>
      <ReadOnlyUserHelp sql={errors[READ_ONLY_ROLE_SQL_FIELD]?.[0]} />
      <div>
        <Field
          id={`${prefix}-query`}
          label="Query"
          errors={errors.query}
          hint="One SELECT. It runs in a read-only transaction: anything that writes is refused."
        >
          <Textarea
            name="query"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            rows={7}
            className="font-mono text-xs leading-5"
            placeholder={QUERY_PLACEHOLDER}
            spellCheck={false}
            required
          />
        </Field>
        <QueryErrorPointer query={submittedQuery} message={errors.query?.[0]} />
      </div>
      <Field
        id={`${prefix}-timeout`}
        label="Time limit (seconds)"
        errors={errors.statementTimeoutSeconds}
        hint="Each step of the query is cancelled after this long, so a slow query never holds your database."
      >
        <Input
          name="statementTimeoutSeconds"
          type="number"
          inputMode="numeric"
          min={1}
          max={600}
          defaultValue={source?.statementTimeoutSeconds ?? 30}
          className="w-32"
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton disabled={pending}>
          {pending ? <LoaderCircle aria-hidden className="h-4 w-4 animate-spin" /> : null}
          {pending ? "Checking the query…" : source ? "Save changes" : "Save source"}
        </SubmitButton>
        <p className="text-xs text-muted-foreground">Sluice runs the query and reads its first row before saving.</p>
      </div>
    </form>
  );
}
