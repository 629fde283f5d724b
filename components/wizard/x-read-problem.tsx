import { RefreshCw } from "lucide-react";
import Link from "next/link";
import type { XFailureRemedy } from "@/lib/connections/describe-x-failure";
import { Alert } from "../ui/alert";
import { buttonVariants } from "../ui/button";
import { toneText } from "../ui/tone-text";

interface XReadProblemProps {
  title: string;
  message: string;
  remedy: XFailureRemedy;
  /** This page again, asking X afresh. */
  retryHref: string;
  /** The wizard's connection step, where another X account is chosen or connected. */
  connectionHref: string;
}

/**
 * A read from X that failed, with the one thing to do next: reconnect when X refused the token
 * (revoked, or the user lost access), try again when X was unreachable or busy.
 */
export function XReadProblem({ title, message, remedy, retryHref, connectionHref }: XReadProblemProps) {
  return (
    <Alert tone="danger" className={toneText.danger} title={title}>
      <p>{message}</p>
      <div className="mt-3 flex flex-wrap gap-2">
        {remedy === "reconnect" ? (
          <Link href={connectionHref} className={buttonVariants({ variant: "secondary", size: "sm" })}>
            Reconnect or choose another X account
          </Link>
        ) : (
          <Link href={retryHref} className={buttonVariants({ variant: "secondary", size: "sm" })}>
            <RefreshCw aria-hidden className="h-3.5 w-3.5" />
            Try again
          </Link>
        )}
      </div>
    </Alert>
  );
}
