import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { WizardFrame } from "@/components/wizard/wizard-frame";
import { WizardStepBody } from "@/components/wizard/wizard-step-body";
import { hasRole } from "@/lib/auth/roles";
import { loadWizardStep } from "@/lib/destinations/load-wizard-step";
import { getDestinationView } from "@/lib/destinations/read-destinations";
import { isWizardStepKey, WIZARD_STEPS } from "@/lib/destinations/wizard-steps";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

type Params = { id: string; step: string };
type Search = Record<string, string | string[] | undefined>;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { step } = await params;
  return { title: WIZARD_STEPS.find((candidate) => candidate.key === step)?.title ?? "Set up destination" };
}

export default async function SetupStepPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<Search>;
}) {
  const user = await requirePageUser("VIEWER");
  const { id, step } = await params;
  if (!isWizardStepKey(step)) notFound();
  const destination = await getDestinationView(getDb(), id);
  if (!destination) notFound();
  // A step opens only when the ones before it are done; otherwise resume where setup stopped.
  if (!destination.steps.find((state) => state.key === step)?.reachable)
    redirect(`/destinations/${id}/setup/${destination.resumeStep}`);
  const readOnly = !hasRole(user.role, "EDITOR");
  const search = await searchParams;
  const param = (name: string) => (typeof search[name] === "string" ? (search[name] as string) : null);
  const data = await loadWizardStep(getDb(), step, destination, param);
  return (
    <WizardFrame destination={destination} current={step} readOnly={readOnly}>
      <WizardStepBody data={data} destination={destination} user={user} readOnly={readOnly} param={param} />
    </WizardFrame>
  );
}
