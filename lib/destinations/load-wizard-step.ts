import { getXApp } from "@/lib/connections/get-x-app";
import { listAdAccountPage, type AdAccountPage } from "@/lib/connections/list-ad-account-page";
import { listXConnections } from "@/lib/connections/manage-x-connections";
import { openXConnection } from "@/lib/connections/open-x-connection";
import { readEventTags, type XRead } from "@/lib/connections/x-reads";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { secrets } from "@/lib/server/crypto";
import type { XWebEventTag } from "@/lib/x-ads";
import type { DestinationView } from "./destination-view";
import { listSourceChoices } from "./list-source-choices";
import { loadCursorChoices } from "./load-cursor-choices";
import { loadDestinationPreview, type DestinationPreview } from "./load-destination-preview";
import { readSourceSample } from "./read-source-sample";
import type { WizardStepKey } from "./wizard-steps";

/** A read that can fail in a way the person can act on (an AppError's message), or succeed. */
export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

/** The X connection a step reads through: unusable (revoked, undecryptable...), a pixel token
 * (no account to read), or an OAuth connection with what was read through it. */
export type XStepRead<T> =
  | { kind: "unusable"; message: string }
  | { kind: "pixel_token"; pixelId: string }
  | { kind: "oauth"; label: string; read: T };

export type WizardStepData =
  | { step: "connection"; connections: Awaited<ReturnType<typeof listXConnections>> }
  | { step: "account"; accounts: XStepRead<AdAccountPage> }
  | { step: "event"; tags: XStepRead<XRead<XWebEventTag[]>> }
  | { step: "source"; sources: Awaited<ReturnType<typeof listSourceChoices>> }
  | { step: "mapping"; sample: Loaded<Awaited<ReturnType<typeof readSourceSample>>> }
  | { step: "preview"; preview: Loaded<DestinationPreview> }
  | { step: "schedule"; cursorChoices: Awaited<ReturnType<typeof loadCursorChoices>> };

/**
 * Everything a wizard step shows that comes from the database, X or the source, read here so the
 * step's components only render (the page calls this and passes the result down).
 */
export async function loadWizardStep(
  db: Db,
  step: WizardStepKey,
  destination: DestinationView,
  param: (name: string) => string | null,
): Promise<WizardStepData> {
  const refresh = param("refresh") === "1";
  switch (step) {
    case "connection":
      return { step, connections: await listXConnections(db) };
    case "account":
      return {
        step,
        accounts: await throughX(db, destination, (opened) =>
          listAdAccountPage(opened.id, opened.client, {
            q: param("q") ?? "",
            page: Number(param("page") ?? 1),
            refresh,
          }),
        ),
      };
    case "event":
      return {
        step,
        tags: await throughX(db, destination, (opened) =>
          readEventTags(opened.id, opened.client, destination.adAccountId!, { refresh }),
        ),
      };
    case "source":
      return { step, sources: await listSourceChoices(db) };
    case "mapping":
      return { step, sample: await loaded(() => readSourceSample(db, destination.source!.id)) };
    case "preview":
      return {
        step,
        preview: await loaded(() =>
          loadDestinationPreview(db, {
            sourceId: destination.source!.id,
            mapping: destination.mapping!,
            eventId: destination.eventId,
            pixelId: destination.pixelId,
          }),
        ),
      };
    case "schedule":
      return { step, cursorChoices: await loadCursorChoices(db, destination.source?.id ?? null) };
  }
}

type OAuthConnection = Extract<Awaited<ReturnType<typeof openXConnection>>, { kind: "OAUTH" }>;

async function throughX<T>(
  db: Db,
  destination: DestinationView,
  read: (opened: OAuthConnection) => Promise<T>,
): Promise<XStepRead<T>> {
  let opened;
  try {
    opened = await openXConnection(db, secrets(), getXApp(), destination.connection!.id);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { kind: "unusable", message: error.message };
  }
  if (opened.kind === "PIXEL_TOKEN") return { kind: "pixel_token", pixelId: opened.pixelId };
  return { kind: "oauth", label: opened.label, read: await read(opened) };
}

async function loaded<T>(read: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, message: error.message };
  }
}
