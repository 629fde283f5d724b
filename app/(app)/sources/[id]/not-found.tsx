import { Database } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function SourceNotFound() {
  return (
    <EmptyState
      icon={Database}
      title="This source doesn't exist"
      action={
        <Link href="/sources" className={buttonVariants({ variant: "secondary" })}>
          All sources
        </Link>
      }
    >
      It may have been deleted, or the link is mistyped.
    </EmptyState>
  );
}
