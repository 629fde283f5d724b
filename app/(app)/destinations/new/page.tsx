import type { Metadata } from "next";
import Link from "next/link";
import { NewDestinationForm } from "@/components/destinations/new-destination-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { WIZARD_STEPS } from "@/lib/destinations/wizard-steps";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { getSource } from "@/lib/sources/get-source";

export const metadata: Metadata = { title: "New destination" };

export default async function NewDestinationPage({ searchParams }: { searchParams: Promise<{ source?: string }> }) {
  await requirePageUser("EDITOR");
  const sourceId = (await searchParams).source;
  // Started from a source's page: the new destination reads that source.
  const source = typeof sourceId === "string" && sourceId.length <= 100 ? await getSource(getDb(), sourceId) : null;
  return (
    <div className="mx-auto max-w-2xl">
      <p className="mb-1 text-sm text-muted-foreground">
        <Link href="/destinations" className="hover:text-foreground hover:underline">
          Destinations
        </Link>
      </p>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">New destination</h1>
      <Card>
        <CardHeader
          title="Name it"
          description="A destination sends one source's rows to one X Pixel event. Your progress is saved after every step."
        />
        <CardBody>
          <NewDestinationForm source={source ? { id: source.id, name: source.name } : null} />
          <div className="mt-6 border-t border-border pt-4">
            <p className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">What comes next</p>
            <ol className="grid gap-1 text-sm text-muted-foreground sm:grid-cols-2">
              {WIZARD_STEPS.map((step, index) => (
                <li key={step.key}>
                  {index + 1}. <span className="text-foreground">{step.title}</span> — {step.description}
                </li>
              ))}
            </ol>
          </div>
        </CardBody>
      </Card>
    </div>
  );
}
