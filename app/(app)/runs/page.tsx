import { History } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage() {
  await requirePageUser("VIEWER");
  return (
    <>
      <PageHeader title="Runs" description="Every sync, by hand or on a schedule, with what was sent and what was rejected." />
      <EmptyState icon={History} title="No runs yet">
        When a destination syncs, each run appears here with its counts — rows read, sent, already sent, invalid and
        rejected by X — and every rejected row with its reason.
      </EmptyState>
    </>
  );
}
