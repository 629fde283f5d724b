import type { Db } from "../db/client";

export interface AuditTargetView {
  kind: string;
  name: string;
  /** The thing's page, while it still exists. */
  href: string | null;
}

interface AuditRow {
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

type Kind = "destination" | "source" | "x_connection" | "user" | "run";

// Older rows spell some types as model names ("Destination", "SyncRun").
const KINDS: Record<string, Kind> = {
  destination: "destination",
  Destination: "destination",
  source: "source",
  x_connection: "x_connection",
  user: "user",
  SyncRun: "run",
  run: "run",
};
const KIND_LABELS: Record<Kind, string> = {
  destination: "Destination",
  source: "Source",
  x_connection: "X connection",
  user: "User",
  run: "Run",
};
// Detail keys that hold a destination's id (a run's destination, the original of a copy).
const DESTINATION_ID_KEYS = new Set(["destinationId", "from"]);

function detailsObject(details: unknown): Record<string, unknown> {
  return details && typeof details === "object" && !Array.isArray(details) ? (details as Record<string, unknown>) : {};
}

/**
 * The audit log by names, not raw ids: each event's target (and destination ids in its details)
 * looked up for a whole page at once, a handful of queries whatever the page size. A deleted
 * thing keeps the name its event recorded, when it recorded one.
 */
export async function describeAuditTargets(
  db: Db,
  rows: readonly AuditRow[],
): Promise<Array<{ target: AuditTargetView | null; details: string }>> {
  const ids: Record<Kind, Set<string>> = {
    destination: new Set(),
    source: new Set(),
    x_connection: new Set(),
    user: new Set(),
    run: new Set(),
  };
  for (const row of rows) {
    const kind = row.targetType ? KINDS[row.targetType] : undefined;
    if (kind && row.targetId) ids[kind].add(row.targetId);
    for (const [key, value] of Object.entries(detailsObject(row.details)))
      if (DESTINATION_ID_KEYS.has(key) && typeof value === "string") ids.destination.add(value);
  }
  const inList = (kind: Kind) => ({ id: { in: [...ids[kind]] } });
  const [destinations, sources, connections, users, runs] = await Promise.all([
    ids.destination.size
      ? db.destination.findMany({ where: inList("destination"), select: { id: true, name: true } })
      : [],
    ids.source.size ? db.source.findMany({ where: inList("source"), select: { id: true, name: true } }) : [],
    // Only the label: an X connection's row also holds its sealed tokens.
    ids.x_connection.size
      ? db.xConnection.findMany({ where: inList("x_connection"), select: { id: true, label: true } })
      : [],
    ids.user.size ? db.user.findMany({ where: inList("user"), select: { id: true, email: true } }) : [],
    ids.run.size
      ? db.syncRun.findMany({ where: inList("run"), select: { id: true, destination: { select: { name: true } } } })
      : [],
  ]);
  const names: Record<Kind, Map<string, string>> = {
    destination: new Map(destinations.map((row) => [row.id, row.name])),
    source: new Map(sources.map((row) => [row.id, row.name])),
    x_connection: new Map(connections.map((row) => [row.id, row.label])),
    user: new Map(users.map((row) => [row.id, row.email])),
    run: new Map(runs.map((row) => [row.id, `Run of ${row.destination.name}`])),
  };
  const hrefs: Record<Kind, ((id: string) => string) | null> = {
    destination: (id) => `/destinations/${id}`,
    source: (id) => `/sources/${id}`,
    x_connection: () => "/destinations/connections",
    user: () => "/settings/users",
    run: (id) => `/runs/${id}`,
  };
  return rows.map((row) => {
    const details = detailsObject(row.details);
    const kind = row.targetType ? KINDS[row.targetType] : undefined;
    let target: AuditTargetView | null = null;
    if (kind && row.targetId) {
      const name = names[kind].get(row.targetId);
      const recorded = [details.name, details.label, details.email].find(
        (value): value is string => typeof value === "string",
      );
      target = name
        ? { kind: KIND_LABELS[kind], name, href: hrefs[kind]?.(row.targetId) ?? null }
        : {
            kind: KIND_LABELS[kind],
            name: recorded ? `${recorded} (deleted)` : `a deleted ${KIND_LABELS[kind].toLowerCase()}`,
            href: null,
          };
    } else if (row.targetType) {
      target = { kind: row.targetType, name: row.targetId ?? "", href: null };
    }
    const text = Object.entries(details)
      .map(([key, value]) => {
        if (DESTINATION_ID_KEYS.has(key) && typeof value === "string") {
          const label = key === "from" ? "copied from" : "destination";
          return `${label}: ${names.destination.get(value) ?? "a deleted destination"}`;
        }
        return `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`;
      })
      .join(" · ");
    return { target, details: text };
  });
}
