import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupChecklist } from "@/components/home/setup-checklist";
import { PageHeader } from "@/components/ui/page-header";
import { buildSetupChecklist } from "@/lib/home/build-setup-checklist";
import { readSetupFacts } from "@/lib/home/read-setup-facts";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export const metadata: Metadata = { title: "Get started" };

/** A new workspace's guide until its first sync has run; after that, home is the destinations. */
export default async function HomePage() {
  const user = await requirePageUser("VIEWER");
  const checklist = buildSetupChecklist(await readSetupFacts(getDb()), user.role);
  if (checklist.complete) redirect("/destinations");
  return (
    <div className="max-w-2xl">
      <PageHeader title="Get started" description="Send conversions from your own data to X in four steps." />
      <SetupChecklist checklist={checklist} />
    </div>
  );
}
