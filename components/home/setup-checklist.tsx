import { ArrowRight, CheckCircle2, Circle } from "lucide-react";
import Link from "next/link";
import type { SetupChecklist as Checklist } from "@/lib/home/build-setup-checklist";
import { buttonVariants } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { cn } from "../ui/cn";
import { toneText } from "../ui/tone-text";

/** The first-run guide: four steps, each ticked when done, the next one with its button. */
export function SetupChecklist({ checklist }: { checklist: Checklist }) {
  return (
    <Card>
      <CardHeader
        title="Four steps to your first sync"
        description={`${checklist.doneCount} of ${checklist.items.length} done. Each step is ticked as soon as it is done.`}
      />
      <CardBody>
        <ol className="divide-y divide-border" aria-label="Setup steps">
          {checklist.items.map((item, index) => {
            const isNext = item.key === checklist.nextKey;
            return (
              <li
                key={item.key}
                className="flex gap-3 py-4 first:pt-1 last:pb-1"
                aria-current={isNext ? "step" : undefined}
              >
                {item.done ? (
                  <CheckCircle2 aria-hidden className={cn("mt-0.5 h-5 w-5 shrink-0", toneText.success)} />
                ) : (
                  <Circle
                    aria-hidden
                    className={cn("mt-0.5 h-5 w-5 shrink-0", isNext ? "text-primary" : "text-muted-foreground")}
                  />
                )}
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium">
                    {index + 1}. {item.title}
                    <span className="sr-only">{item.done ? " (done)" : " (not done yet)"}</span>
                  </p>
                  <p className="mt-0.5 text-sm text-muted-foreground">{item.description}</p>
                  {!item.done && item.note ? <p className="mt-1 text-xs text-muted-foreground">{item.note}</p> : null}
                  {!item.done && item.action ? (
                    <Link
                      href={item.action.href}
                      className={cn(
                        buttonVariants({ variant: isNext ? "primary" : "secondary", size: "sm" }),
                        "mt-3 h-auto min-h-8 whitespace-normal py-1.5 text-left",
                      )}
                    >
                      {item.action.label}
                      {isNext ? <ArrowRight aria-hidden className="h-3.5 w-3.5" /> : null}
                    </Link>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}
