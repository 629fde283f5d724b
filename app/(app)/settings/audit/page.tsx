import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { SettingsNav } from "@/components/settings/settings-nav";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { requirePageUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  await requirePageUser("OWNER");
  const { cursor } = await searchParams;
  const { events, nextCursor } = await listAuditEvents(getDb(), { cursor });
  return (
    <>
      <PageHeader title="Settings" description="Who did what, newest first." />
      <SettingsNav current="/settings/audit" isOwner />
      {events.length === 0 ? (
        <EmptyState icon={ScrollText} title="Nothing recorded yet">
          Sign-ins and user changes will appear here.
        </EmptyState>
      ) : (
        <Card>
          <CardHeader title="Audit log" />
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>What</Th>
                <Th>About</Th>
                <Th>Details</Th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <Td className="whitespace-nowrap text-muted-foreground">
                    <DateTime value={event.at} seconds />
                  </Td>
                  <Td>{event.actorEmail ?? "—"}</Td>
                  <Td>
                    <code className="text-xs">{event.action}</code>
                  </Td>
                  <Td className="max-w-xs">
                    {event.target ? (
                      <span>
                        <span className="text-muted-foreground">{event.target.kind}: </span>
                        {event.target.href ? (
                          <Link href={event.target.href} className="text-primary underline">
                            {event.target.name}
                          </Link>
                        ) : (
                          event.target.name
                        )}
                      </span>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td className="max-w-md truncate font-mono text-xs text-muted-foreground" title={event.details}>
                    {event.details}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="flex justify-end gap-2 px-5 py-3">
            {cursor ? (
              <Link href="/settings/audit" className={buttonVariants({ variant: "secondary", size: "sm" })}>
                Newest
              </Link>
            ) : null}
            {nextCursor ? (
              <Link
                href={`/settings/audit?cursor=${nextCursor}`}
                className={buttonVariants({ variant: "secondary", size: "sm" })}
              >
                Older
              </Link>
            ) : null}
          </div>
        </Card>
      )}
    </>
  );
}
