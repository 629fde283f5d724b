"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { signInSchema } from "@/lib/users/sign-in-schema";
import { safeReturnPath } from "@/lib/validation/safe-return-path";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { SubmitButton } from "../ui/submit-button";
import { Card, CardBody } from "../ui/card";
import { Field } from "../ui/field";
import { Input } from "../ui/input";

// next-auth reports a plain failed check as "CredentialsSignin"; any other text is one of our
// own messages (throttled, disabled account) and is shown as it is.
function describe(error: string): string {
  return error === "CredentialsSignin" ? "Wrong e-mail or password. Check both and try again." : error;
}

interface SignInFormProps {
  returnTo: string;
  /** Offer "Continue with SSO" (an owner set it up under Settings → Single sign-on). */
  ssoEnabled: boolean;
  passwordEnabled: boolean;
  /** Why the last sign-in did not complete (a refused SSO sign-in comes back here with a code). */
  initialError: string | null;
}

export function SignInForm({ returnTo, ssoEnabled, passwordEnabled, initialError }: SignInFormProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [redirecting, setRedirecting] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.currentTarget));
    const parsed = signInSchema.safeParse(values);
    if (!parsed.success) {
      setFieldErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), [issue.message]])));
      return;
    }
    setFieldErrors({});
    setError(null);
    setPending(true);
    const result = await signIn("credentials", { ...parsed.data, redirect: false });
    if (result?.ok && !result.error) {
      // The page checked returnTo already; the form does not rely on every caller having done so.
      router.replace(safeReturnPath(returnTo) ?? "/destinations");
      router.refresh();
      return;
    }
    setPending(false);
    setError(describe(result?.error ?? "Sign-in failed. Try again."));
  }

  function continueWithSso() {
    setError(null);
    setRedirecting(true);
    // next-auth sends the browser on to the identity provider, and back to returnTo afterwards.
    void signIn("sso", { callbackUrl: safeReturnPath(returnTo) ?? "/destinations" });
  }

  return (
    <Card>
      <CardBody className="space-y-5 py-6">
        <div>
          <h1 className="text-xl font-semibold">Sign in</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            {passwordEnabled
              ? "Use the e-mail and password your Sluice owner gave you."
              : "Sign in with your organization's account."}
            {passwordEnabled && ssoEnabled ? " Or continue with your organization's single sign-on." : ""}
          </p>
        </div>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        {ssoEnabled ? (
          <Button
            variant={passwordEnabled ? "secondary" : "primary"}
            className="w-full"
            onClick={continueWithSso}
            disabled={redirecting}
          >
            {redirecting ? "Redirecting…" : "Continue with SSO"}
          </Button>
        ) : null}
        {ssoEnabled && passwordEnabled ? (
          <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden>
            <span className="h-px flex-1 bg-border" />
            or
            <span className="h-px flex-1 bg-border" />
          </div>
        ) : null}
        {passwordEnabled ? (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <Field id="email" label="E-mail" errors={fieldErrors.email}>
              <Input name="email" type="email" autoComplete="username" required autoFocus />
            </Field>
            <Field id="password" label="Password" errors={fieldErrors.password}>
              <Input name="password" type="password" autoComplete="current-password" required />
            </Field>
            <SubmitButton className="w-full" disabled={pending}>
              {pending ? "Signing in…" : "Sign in"}
            </SubmitButton>
          </form>
        ) : null}
      </CardBody>
    </Card>
  );
}
