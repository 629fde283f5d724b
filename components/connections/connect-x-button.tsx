import { buttonVariants } from "../ui/button";
import { cn } from "../ui/cn";
import { XLogo } from "./x-logo";

/**
 * Starts X's OAuth flow. A plain <a>, not next/link: it must never be prefetched (each visit
 * starts a flow), and a form could not follow the redirect to X under the CSP's form-action.
 */
export function ConnectXButton({
  returnTo,
  label = "Connect X account",
  variant = "primary",
  className,
}: {
  returnTo: string;
  label?: string;
  variant?: "primary" | "secondary";
  className?: string;
}) {
  return (
    <a
      href={`/api/x/connect?returnTo=${encodeURIComponent(returnTo)}`}
      className={cn(buttonVariants({ variant }), className)}
    >
      <XLogo />
      {label}
    </a>
  );
}
