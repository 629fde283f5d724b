"use client";

import { KeyRound } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";
import { addPixelTokenConnectionAction } from "@/app/(app)/destinations/connections/actions";
import { Alert } from "../ui/alert";
import { SubmitButton } from "../ui/submit-button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { useFormAction } from "../ui/use-form-action";
import { toneText } from "../ui/tone-text";

/**
 * The alternative to OAuth: a pixel access token from X Events Manager (Install Pixel → Manual →
 * Conversion API → Generate access token). The token is sent to the server once and stored
 * encrypted; it is never shown again.
 */
export function PixelTokenForm() {
  const router = useRouter();
  const pathname = usePathname();
  const [state, onSubmit, pending] = useFormAction(addPixelTokenConnectionAction);
  useEffect(() => {
    if (state?.ok) router.replace(`${pathname}?connected=${state.data.id}`);
  }, [state, router, pathname]);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Add a pixel access token">
      <div className="flex gap-3 rounded-md border border-warning/30 bg-warning-soft px-4 py-3 text-sm">
        <KeyRound aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-warning" />
        <p className="text-foreground/80">
          It sends conversions to its one pixel only: Sluice cannot list ad accounts or check event IDs with it.
          Generate it in X Events Manager under Install Pixel → Manual → Conversion API.
        </p>
      </div>
      {state && !state.ok && !state.fieldErrors ? (
        <Alert tone="danger" className={toneText.danger}>
          {state.message}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="token-label"
          label="Name (optional)"
          hint="How it appears in lists, e.g. “Store pixel token”."
          errors={errors.label}
        >
          <Input name="label" autoComplete="off" />
        </Field>
        <Field
          id="token-pixel"
          label="Pixel ID"
          hint="The pixel the token was generated for, like o8z6j."
          errors={errors.pixelId}
        >
          <Input name="pixelId" autoComplete="off" spellCheck={false} />
        </Field>
      </div>
      <Field
        id="token-value"
        label="Pixel access token"
        hint="Stored encrypted; never shown again."
        errors={errors.token}
      >
        <Input name="token" type="password" autoComplete="off" spellCheck={false} />
      </Field>
      <SubmitButton variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Save pixel access token"}
      </SubmitButton>
    </form>
  );
}
