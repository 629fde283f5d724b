import { Database } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage() {
  await requirePageUser("VIEWER");
  return (
    <>
      <PageHeader title="Sources" description="Where your conversions come from: a PostgreSQL query or an uploaded CSV file." />
      <EmptyState icon={Database} title="No sources yet">
        A source is a PostgreSQL query or a CSV file. Sluice reads its columns and a few sample rows so you can map
        them to X&apos;s fields before anything is sent.
      </EmptyState>
    </>
  );
}
