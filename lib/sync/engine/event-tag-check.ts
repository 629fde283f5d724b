import type { XResult, XWebEventTag } from "@/lib/x-ads/index";

/** The ad account's event tags as X lists them (with deleted ones), for one connection. */
export interface EventTagSource {
  /** Whose listing this is (connection and ad account): the worker-wide cache's key. */
  key: string;
  list: () => Promise<XResult<XWebEventTag[]>>;
}

interface TagListing {
  active: Set<string>;
  deleted: Set<string>;
  /** The account's pixels (website_tag_id), a common mix-up for an event id. */
  pixels: Set<string>;
  fetchedAt: number;
}

/**
 * A listing is reused by the worker's next runs for this long: a sync of many small runs asks X
 * once a minute at most (X's reads are rate-limited), and a stale listing costs at most one
 * refresh, since a run refreshes once before calling any event unknown.
 */
export const EVENT_TAG_CACHE_MS = 60_000;
const workerListings = new Map<string, TagListing>();

/**
 * Which event ids X will refuse, known before sending: X rejects a whole batch for one event id
 * of another account (or a deleted or unknown one), so a column of event ids with a few bad
 * values would otherwise cost a rejected request and a bisection per batch.
 *
 * One per run. The listing comes from the worker's cache when fresh, else from X; the first time
 * an id is not among the active tags and the listing was not fetched by this run, it is fetched
 * once more (the tag may be new) before the id is called unknown. If X cannot list the tags (the
 * token's access tier, a hiccup), every id passes and X remains the judge, as it is for
 * pixel-token connections, which cannot list tags at all.
 */
export class EventTagCheck {
  private listing: Promise<TagListing | null> | null = null;
  private refreshed = false;
  private refreshing: Promise<TagListing | null> | null = null;

  constructor(
    private readonly source: EventTagSource,
    private readonly now: () => number = Date.now,
  ) {}

  /** Each id's problem (null: X should take it), for bare event tag ids. */
  async check(ids: Iterable<string>): Promise<Map<string, string | null>> {
    const distinct = new Set(ids);
    const verdicts = new Map<string, string | null>();
    if (distinct.size === 0) return verdicts;
    let listing = await (this.listing ??= this.load());
    if (listing && !this.refreshed && [...distinct].some((id) => !listing!.active.has(id))) {
      listing = await (this.refreshing ??= this.fetch().then((fresh) => {
        this.refreshed = true;
        // A failed refresh leaves X to judge, rather than trusting the stale listing.
        this.listing = Promise.resolve(fresh);
        return fresh;
      }));
    }
    for (const id of distinct) verdicts.set(id, listing ? problemOf(listing, id) : null);
    return verdicts;
  }

  private async load(): Promise<TagListing | null> {
    const cached = workerListings.get(this.source.key);
    if (cached && this.now() - cached.fetchedAt < EVENT_TAG_CACHE_MS) return cached;
    const fresh = await this.fetch();
    // Fetched by this run: as fresh as a refresh would be.
    this.refreshed = fresh !== null;
    return fresh;
  }

  private async fetch(): Promise<TagListing | null> {
    const result = await this.source.list().catch(() => null);
    if (!result || result.kind !== "ok") return null;
    const listing: TagListing = { active: new Set(), deleted: new Set(), pixels: new Set(), fetchedAt: this.now() };
    for (const tag of result.value) {
      (tag.deleted ? listing.deleted : listing.active).add(tag.id.toLowerCase());
      listing.pixels.add(tag.pixelId.toLowerCase());
    }
    workerListings.set(this.source.key, listing);
    return listing;
  }
}

function problemOf(listing: TagListing, id: string): string | null {
  if (listing.active.has(id)) return null;
  if (listing.deleted.has(id)) return `event ${id} was deleted at X, which refuses conversions for it`;
  if (listing.pixels.has(id)) return `${id} is the pixel's id, not one of its events`;
  return `event ${id} is not an event of this ad account at X (unknown, deleted or another account's)`;
}

/** Forgets the worker's cached listings (tests that change X's tags between runs). */
export function forgetEventTagListings(): void {
  workerListings.clear();
}
