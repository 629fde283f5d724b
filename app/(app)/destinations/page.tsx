import { Send } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Destinations" };

export default async function DestinationsPage() {
  await requirePageUser("VIEWER");
  return (
    <>
      <PageHeader title="Destinations" description="Each destination sends one source's rows to one X Pixel event." />
      <EmptyState icon={Send} title="No destinations yet">
        A destination connects an X ad account, a Pixel ID and an Event ID to one of your sources, with a column
        mapping and a schedule. Once one exists, its status, last run and next run show here.
      </EmptyState>
    </>
  );
}
