import { notFound, redirect } from "next/navigation";
import { getDestinationView } from "@/lib/destinations/read-destinations";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

/** /destinations/:id/setup resumes at the first step that is not done yet. */
export default async function SetupIndexPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("VIEWER");
  const { id } = await params;
  const destination = await getDestinationView(getDb(), id);
  if (!destination) notFound();
  redirect(`/destinations/${id}/setup/${destination.resumeStep}`);
}
