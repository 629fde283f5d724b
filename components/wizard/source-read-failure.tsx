import Link from "next/link";
import { Alert } from "../ui/alert";
import { buttonVariants } from "../ui/button";
import { toneText } from "../ui/tone-text";

/** The source could not be read (database down, query error, file missing): say so, offer a way on. */
export function SourceReadFailure({
  message,
  sourceName,
  backHref,
}: {
  message: string;
  sourceName: string;
  backHref: string;
}) {
  return (
    <div className="space-y-4">
      <Alert tone="danger" className={toneText.danger} title={`Could not read “${sourceName}”`}>
        {message}
      </Alert>
      <div className="flex flex-wrap gap-2">
        <Link href={backHref} className={buttonVariants({ variant: "secondary" })}>
          Choose another source
        </Link>
        <Link href="/sources" className={buttonVariants({ variant: "ghost" })}>
          Open sources
        </Link>
      </div>
    </div>
  );
}
