import Link from "next/link";
import { Button, buttonVariants } from "../ui/button";
import { Input } from "../ui/input";

/** A run page's URL for its problem rows, of one row key or all, and a page of them. */
export function problemsHref(runId: string, rowKey: string | null, cursor?: string | null): string {
  const query = new URLSearchParams();
  if (rowKey) query.set("key", rowKey);
  if (cursor) query.set("cursor", cursor);
  const text = query.toString();
  return `/runs/${encodeURIComponent(runId)}${text ? `?${text}` : ""}`;
}

/** Finds a row's problems by its key (an order id...): a GET form, so the search is in the URL. */
export function ProblemKeySearch({ runId, rowKey }: { runId: string; rowKey: string | null }) {
  return (
    <form
      method="get"
      action={`/runs/${encodeURIComponent(runId)}`}
      role="search"
      aria-label="Find problem rows by key"
      className="flex flex-wrap items-end gap-2 border-b border-border px-5 py-3"
    >
      <div className="min-w-0 flex-1 space-y-1.5 sm:max-w-xs">
        <label htmlFor="problem-key" className="block text-sm font-medium">
          Row key
        </label>
        <Input
          id="problem-key"
          name="key"
          defaultValue={rowKey ?? ""}
          maxLength={500}
          placeholder="e.g. ORD-1003"
          autoComplete="off"
          spellCheck={false}
          className="w-full font-mono"
        />
      </div>
      {/* eslint-disable-next-line no-restricted-syntax -- a search, meant as a GET, works before hydration */}
      <Button type="submit" variant="secondary">
        Find
      </Button>
      {rowKey ? (
        <Link href={problemsHref(runId, null)} className={buttonVariants({ variant: "ghost" })}>
          Show all
        </Link>
      ) : null}
    </form>
  );
}
