import { ArrowRight } from "lucide-react";
import Link from "next/link";
import type { SetupChecklist } from "@/lib/home/build-setup-checklist";

/** Where a workspace that has not finished its first sync is, with the way back to its guide. */
export function SetupProgressNote({ checklist }: { checklist: SetupChecklist }) {
  const next = checklist.items.find((item) => item.key === checklist.nextKey);
  if (checklist.complete || !next) return null;
  return (
    <p className="mb-4 flex flex-wrap items-center gap-x-2 gap-y-1 rounded-md border border-border bg-card px-4 py-2.5 text-sm">
      <span className="font-medium">
        Getting started: {checklist.doneCount} of {checklist.items.length} done.
      </span>
      <span className="text-muted-foreground">Next: {next.title}.</span>
      <Link href="/" className="inline-flex items-center gap-1 font-medium text-primary underline">
        Open the checklist
        <ArrowRight aria-hidden className="h-3.5 w-3.5" />
      </Link>
    </p>
  );
}
