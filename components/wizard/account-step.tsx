import { Search } from "lucide-react";
import Link from "next/link";
import { AD_ACCOUNT_PAGE_SIZE, type AdAccountPage } from "@/lib/connections/list-ad-account-page";
import type { DestinationView } from "@/lib/destinations/destination-view";
import type { XStepRead } from "@/lib/destinations/load-wizard-step";
import { ConnectionUnusable } from "./connection-unusable";
import { NoAdAccounts } from "./no-ad-accounts";
import { XReadProblem } from "./x-read-problem";
import { formatDateTime } from "@/lib/format/date-time";
import { Alert } from "../ui/alert";
import { buttonVariants, Button } from "../ui/button";
import { Input } from "../ui/input";
import { AccountStepForm } from "./account-step-form";
import { StepFooter } from "./step-footer";

interface AccountStepProps {
  destination: DestinationView;
  readOnly: boolean;
  q: string;
  /** What the page read through the destination's X connection (load-wizard-step.ts). */
  accounts: XStepRead<AdAccountPage>;
  /** Owners may connect another X account from here. */
  canConnect: boolean;
}

export function AccountStep({ destination, readOnly, q, accounts, canConnect }: AccountStepProps) {
  const base = `/destinations/${destination.id}/setup/account`;
  if (accounts.kind === "unusable") {
    return (
      <ConnectionUnusable message={accounts.message} backHref={`/destinations/${destination.id}/setup/connection`} />
    );
  }
  if (accounts.kind === "pixel_token") {
    return (
      <div>
        <Alert tone="info" title="No ad account to choose">
          A pixel access token sends to its one pixel ({accounts.pixelId}) and cannot list ad accounts. Continue to
          confirm the pixel and choose the event.
        </Alert>
        <div className="mt-6 flex justify-between border-t border-border pt-4">
          <Link
            href={`/destinations/${destination.id}/setup/connection`}
            className={buttonVariants({ variant: "ghost" })}
          >
            Back
          </Link>
          <Link href={`/destinations/${destination.id}/setup/event`} className={buttonVariants()}>
            Continue
          </Link>
        </div>
      </div>
    );
  }
  const { read: result, label } = accounts;
  const link = (params: Record<string, string | number>) => {
    const search = new URLSearchParams(
      Object.entries(params)
        .filter(([, value]) => value !== "" && value !== 1)
        .map(([key, value]) => [key, String(value)]),
    );
    return search.size ? `${base}?${search}` : base;
  };
  const connectionHref = `/destinations/${destination.id}/setup/connection`;
  if (!result.ok) {
    return (
      <div className="space-y-4">
        <XReadProblem
          title="Could not list your ad accounts"
          message={result.message}
          remedy={result.remedy}
          retryHref={link({ q, refresh: 1 })}
          connectionHref={connectionHref}
        />
        <StepFooter backHref={connectionHref} submitLabel="Continue" pending={false} readOnly />
      </div>
    );
  }
  if (result.total === 0) {
    return (
      <div className="space-y-4">
        <NoAdAccounts
          label={label}
          canConnect={canConnect && !readOnly}
          connectionHref={connectionHref}
          retryHref={link({ refresh: 1 })}
        />
        <StepFooter backHref={connectionHref} submitLabel="Continue" pending={false} readOnly />
      </div>
    );
  }
  const pinned =
    destination.adAccountId && !result.accounts.some((account) => account.id === destination.adAccountId)
      ? { id: destination.adAccountId, name: destination.adAccountName ?? destination.adAccountId }
      : null;
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted-foreground">
        The ad accounts <strong className="font-medium text-foreground">{label}</strong> can access on X. Sending
        conversions needs the
        <strong className="font-medium text-foreground"> Ad manager</strong> or{" "}
        <strong className="font-medium text-foreground">Account admin</strong> role on the account that owns the pixel.
      </p>
      <form method="get" action={base} role="search" className="flex gap-2">
        <label htmlFor="account-search" className="sr-only">
          Search ad accounts by name or ID
        </label>
        <div className="relative flex-1">
          <Search aria-hidden className="pointer-events-none absolute left-3 top-2.5 h-4 w-4 text-muted-foreground" />
          <Input
            id="account-search"
            name="q"
            defaultValue={q}
            placeholder="Search by name or ID"
            className="pl-9"
            type="search"
          />
        </div>
        {/* eslint-disable-next-line no-restricted-syntax -- a search, meant as a GET, works before hydration */}
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {result.notice ? <Alert tone="info">{result.notice}</Alert> : null}
      {!q &&
      result.pageCount === 1 &&
      result.accounts.length > 0 &&
      result.accounts.every((account) => !account.canSendConversions) ? (
        <Alert tone="info" title={`${label} cannot send conversions to any of these accounts`}>
          Ask an account admin to give {label} the Ad manager role in X Ads Manager, or go back and use an X account
          that has it.
        </Alert>
      ) : null}
      <AccountStepForm
        destinationId={destination.id}
        accounts={result.accounts}
        pinned={pinned}
        selectedId={destination.adAccountId}
        readOnly={readOnly}
        backHref={`/destinations/${destination.id}/setup/connection`}
      >
        <div className="flex flex-wrap items-center justify-between gap-3 text-xs text-muted-foreground">
          <p aria-live="polite">
            {result.matching === 0
              ? `No account matches “${q}”.`
              : `Showing ${(result.page - 1) * AD_ACCOUNT_PAGE_SIZE + 1}–${(result.page - 1) * AD_ACCOUNT_PAGE_SIZE + result.accounts.length} of ${result.matching}${q ? ` matching “${q}”` : ""} (${result.total} accounts in all). List from ${formatDateTime(result.fetchedAt)}.`}{" "}
            <Link href={link({ q, refresh: 1 })} className="underline hover:text-foreground">
              Refresh from X
            </Link>
          </p>
          {result.pageCount > 1 ? (
            <nav aria-label="Ad account pages" className="flex items-center gap-2">
              {result.page > 1 ? (
                <Link
                  href={link({ q, page: result.page - 1 })}
                  className={buttonVariants({ variant: "secondary", size: "sm" })}
                >
                  Previous
                </Link>
              ) : null}
              <span>
                Page {result.page} of {result.pageCount}
              </span>
              {result.page < result.pageCount ? (
                <Link
                  href={link({ q, page: result.page + 1 })}
                  className={buttonVariants({ variant: "secondary", size: "sm" })}
                >
                  Next
                </Link>
              ) : null}
            </nav>
          ) : null}
        </div>
      </AccountStepForm>
    </div>
  );
}
