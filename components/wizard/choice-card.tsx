import type { InputHTMLAttributes, ReactNode } from "react";
import { cn } from "../ui/cn";

/** A radio button drawn as a card; the whole card is its label. */
export function ChoiceCard({
  children,
  className,
  description,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { children: ReactNode; description?: ReactNode }) {
  return (
    <label
      className={cn(
        "flex cursor-pointer gap-3 rounded-md border border-border px-4 py-3 text-sm hover:bg-muted/60 has-checked:border-primary has-checked:bg-accent/40 has-disabled:cursor-not-allowed has-disabled:bg-muted/60 has-disabled:hover:bg-muted/60 has-focus-visible:outline-2 has-focus-visible:outline-ring",
        className,
      )}
    >
      <input
        type="radio"
        className="mt-0.5 h-4 w-4 shrink-0 accent-[var(--primary)] focus-visible:outline-none"
        {...input}
      />
      <span className="min-w-0 flex-1">
        {children}
        {description ? <span className="mt-1 block text-xs text-muted-foreground">{description}</span> : null}
      </span>
    </label>
  );
}
