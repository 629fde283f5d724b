import { hasRole, type RoleName } from "@/lib/auth/roles";
import type { SetupFacts } from "./read-setup-facts";

export type SetupItemKey = "connect" | "source" | "destination" | "run";

export interface SetupItem {
  key: SetupItemKey;
  title: string;
  description: string;
  done: boolean;
  /** Where to do it; null when this user's role may not (then `note` says who can). */
  action: { label: string; href: string } | null;
  note: string | null;
}

export interface SetupChecklist {
  items: SetupItem[];
  doneCount: number;
  /** The first step not done: the one the page points at. */
  nextKey: SetupItemKey | null;
  complete: boolean;
}

/**
 * The home page's first-run guide, as a view model: four steps a new workspace takes, each done or
 * not from the database's facts, with a link to do it. Pure, so every state is unit-tested.
 */
export function buildSetupChecklist(facts: SetupFacts, role: RoleName): SetupChecklist {
  const canEdit = hasRole(role, "EDITOR");
  const editorNote = canEdit ? null : "An editor or owner does this.";
  const draft = facts.draftDestination;
  const items: SetupItem[] = [
    {
      key: "connect",
      title: "Connect X",
      description: "The X account that manages your ad account, or a pixel access token.",
      done: facts.hasXConnection,
      action: hasRole(role, "OWNER") ? { label: "Connect X", href: "/destinations/connections" } : null,
      note: hasRole(role, "OWNER") ? null : "An owner connects X for everyone.",
    },
    {
      key: "source",
      title: "Add a source",
      description: "Where the conversions come from: a PostgreSQL query or a CSV file.",
      done: facts.hasSource,
      action: canEdit ? { label: "Add a source", href: "/sources/new" } : null,
      note: editorNote,
    },
    {
      key: "destination",
      title: "Create a destination",
      description: "Pick the pixel and event, map the columns, preview what X will receive.",
      done: facts.readyDestination !== null,
      action: !canEdit
        ? null
        : draft
          ? { label: `Finish setting up ${draft.name}`, href: `/destinations/${draft.id}/setup` }
          : { label: "Create a destination", href: "/destinations/new" },
      note: editorNote,
    },
    {
      key: "run",
      title: "Run the first sync",
      description: "Send the rows by hand once, then let the schedule take over.",
      done: facts.hasRun,
      action: facts.readyDestination
        ? { label: `Open ${facts.readyDestination.name}`, href: `/destinations/${facts.readyDestination.id}` }
        : null,
      note: facts.readyDestination ? null : "Once a destination is set up, run it from its page.",
    },
  ];
  const doneCount = items.filter((item) => item.done).length;
  const next = items.find((item) => !item.done) ?? null;
  return { items, doneCount, nextKey: next?.key ?? null, complete: next === null };
}
