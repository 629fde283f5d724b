// Points at the spot a query error names ("… (line 2, column 6)") under the line it is on, so a
// long query's typo is found at a glance rather than by counting characters.
export function QueryErrorPointer({ query, message }: { query: string; message: string | undefined }) {
  const match = message ? /\(line (\d+), column (\d+)\)/.exec(message) : null;
  if (!match) return null;
  const lineNumber = Number(match[1]);
  const column = Number(match[2]);
  const line = query.split("\n")[lineNumber - 1];
  if (line === undefined) return null;
  // Keep the pointer in view on long lines: show up to 60 characters before it.
  const start = Math.max(0, column - 61);
  const shown = line.slice(start, start + 120);
  return (
    <pre
      aria-hidden
      className="mt-1.5 overflow-x-auto rounded-md border border-danger/30 bg-danger-soft px-3 py-2 font-mono text-xs leading-5 text-foreground"
    >
      <span className="select-none text-muted-foreground">{String(lineNumber).padStart(3, " ")} │ </span>
      {start > 0 ? "…" : ""}
      {shown}
      {"\n"}
      <span className="select-none text-muted-foreground">{"    │ "}</span>
      {" ".repeat(column - 1 - start + (start > 0 ? 1 : 0))}
      <span className="font-bold text-danger">^</span>
    </pre>
  );
}
