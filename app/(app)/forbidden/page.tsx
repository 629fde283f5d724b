import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/server/auth";

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const user = await requirePageUser("VIEWER");
  const { need } = await searchParams;
  const role = need === "owner" || need === "editor" ? need : "a higher";
  return (
    <EmptyState
      icon={ShieldAlert}
      title="You don't have access to this page"
      action={
        <Link href="/destinations" className={buttonVariants({ variant: "secondary" })}>
          Back to destinations
        </Link>
      }
    >
      It needs the {role} role; you are signed in as {user.email} with the {user.role.toLowerCase()} role. Ask an owner
      if you need more access.
    </EmptyState>
  );
}
