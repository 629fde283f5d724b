import { ExternalLink, RefreshCw, UserX } from "lucide-react";
import Link from "next/link";
import { ConnectXButton } from "../connections/connect-x-button";
import { buttonVariants } from "../ui/button";
import { EmptyState } from "../ui/empty-state";

interface NoAdAccountsProps {
  /** The connected X user, like "@nico_newcomer". */
  label: string;
  canConnect: boolean;
  connectionHref: string;
  retryHref: string;
}

/** The connected X user can reach no ad account at all: say so, how to get one, and the way on. */
export function NoAdAccounts({ label, canConnect, connectionHref, retryHref }: NoAdAccountsProps) {
  return (
    <EmptyState
      icon={UserX}
      title={`${label} has no ad accounts`}
      action={
        <div className="flex flex-wrap justify-center gap-2">
          {canConnect ? (
            <ConnectXButton returnTo={connectionHref} label="Connect another X account" />
          ) : (
            <Link href={connectionHref} className={buttonVariants()}>
              Choose another X connection
            </Link>
          )}
          <Link href={retryHref} className={buttonVariants({ variant: "secondary" })}>
            <RefreshCw aria-hidden className="h-4 w-4" />
            Check again
          </Link>
        </div>
      }
    >
      <p>
        X lists no ad account this X user can use. Conversions are sent to an ad account&apos;s pixel, so {label} needs
        one: create an ad account in{" "}
        <a
          href="https://ads.x.com"
          target="_blank"
          rel="noreferrer"
          className="inline-flex items-center gap-0.5 font-medium text-primary underline"
        >
          X Ads
          <ExternalLink aria-hidden className="h-3 w-3" />
          <span className="sr-only">(opens in a new tab)</span>
        </a>
        , or ask an account admin to give {label} the Ad manager role on theirs.
      </p>
      <p className="mt-2">
        {canConnect
          ? "Or connect the X account that manages your ads."
          : "Or ask an owner to connect the X account that manages your ads, then choose it."}
      </p>
    </EmptyState>
  );
}
