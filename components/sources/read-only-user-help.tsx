"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { readOnlyRoleSql } from "@/lib/sources/postgres/read-only-role-sql";
import { Button } from "../ui/button";

/**
 * How to make a database user that can only read, as SQL to copy. Closed by default; open, with
 * the server's own SQL (naming the real database), when Sluice refused the user given.
 */
export function ReadOnlyUserHelp({ sql }: { sql?: string }) {
  const text = sql ?? readOnlyRoleSql("your_database");
  const [copied, setCopied] = useState(false);
  return (
    <details
      open={sql !== undefined}
      className="rounded-md border border-border bg-muted/40 px-3 py-2 text-sm"
      key={sql ?? "default"}
    >
      <summary className="cursor-pointer font-medium">
        {sql ? "Create a read-only user with this SQL" : "How to create a read-only user"}
      </summary>
      <p className="mt-2 text-xs text-muted-foreground">
        Sluice refuses superusers and users that may replicate, read the server&apos;s files, stop other sessions or
        change its settings, and it never reads its own database. Run this as an administrator, then use the new user in
        the connection string.
      </p>
      <div className="relative mt-2">
        <pre
          className="overflow-x-auto rounded bg-background p-3 pr-12 font-mono text-xs leading-5"
          aria-label="SQL for a read-only user"
        >
          {text}
        </pre>
        <Button
          type="button"
          variant="secondary"
          size="sm"
          className="absolute right-2 top-2"
          aria-label={copied ? "Copied" : "Copy the SQL"}
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true));
          }}
        >
          {copied ? <Check aria-hidden className="h-4 w-4" /> : <Copy aria-hidden className="h-4 w-4" />}
        </Button>
      </div>
    </details>
  );
}
