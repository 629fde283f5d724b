import Link from "next/link";
import { Alert } from "../ui/alert";
import { buttonVariants } from "../ui/button";
import { toneText } from "../ui/tone-text";

/** The chosen X connection cannot be used (disconnected, or no X app configured). */
export function ConnectionUnusable({ message, backHref }: { message: string; backHref: string }) {
  return (
    <div className="space-y-4">
      <Alert tone="danger" className={toneText.danger} title="This X connection cannot be used">
        {message}
      </Alert>
      <Link href={backHref} className={buttonVariants({ variant: "secondary" })}>
        Choose another connection
      </Link>
    </div>
  );
}
