import { AccountPacer } from "./account-pacer";
import type { SyncSettings } from "./sync-settings";

/** One pacer per ad account for the whole worker process, shared by every run sending to it:
 * X's limit is per account, whichever run spends it. */
export function createPacerRegistry(settings: Pick<SyncSettings, "eventsPerWindow" | "rateWindowMs">): (pacingKey: string) => AccountPacer {
  const pacers = new Map<string, AccountPacer>();
  return (pacingKey) => {
    let pacer = pacers.get(pacingKey);
    if (!pacer) {
      pacer = new AccountPacer({ eventsPerWindow: settings.eventsPerWindow, windowMs: settings.rateWindowMs });
      pacers.set(pacingKey, pacer);
    }
    return pacer;
  };
}
