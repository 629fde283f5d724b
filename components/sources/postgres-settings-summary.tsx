import type { SourceDetail } from "@/lib/sources/get-source";

/** A Postgres source's settings, read-only (for viewers): the redacted connection and the query. */
export function PostgresSettingsSummary({ source }: { source: SourceDetail }) {
  return (
    <dl className="space-y-4 text-sm">
      <div>
        <dt className="font-medium">Connection</dt>
        <dd className="mt-1 break-all font-mono text-xs text-muted-foreground">
          {source.connectionStringRedacted ?? "None saved"}
        </dd>
      </div>
      <div>
        <dt className="font-medium">Query</dt>
        <dd className="mt-1">
          <pre className="max-h-72 overflow-auto rounded-md border border-border bg-muted/50 px-3 py-2 font-mono text-xs leading-5">
            {source.query}
          </pre>
        </dd>
      </div>
      <div>
        <dt className="font-medium">Time limit</dt>
        <dd className="mt-1 text-muted-foreground">{source.statementTimeoutSeconds} seconds per step</dd>
      </div>
    </dl>
  );
}
