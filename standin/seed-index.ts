import type { SeedAccount, SeedApp, SeedEventTag, SeedPixel, SeedUser, StandinSeed, XPermission } from "./seed-schema";
import type { EventTagMatch } from "./validate-conversions";

/** Read-only lookups over a seed, built once per seed so each request is a map lookup. */
export class SeedIndex {
  private readonly apps = new Map<string, SeedApp>();
  private readonly users = new Map<string, SeedUser>();
  private readonly accounts = new Map<string, SeedAccount>();
  private readonly grants = new Map<string, XPermission[]>();
  private readonly accountsByUser = new Map<string, SeedAccount[]>();
  private readonly pixels = new Map<string, SeedPixel>();
  private readonly tags = new Map<string, SeedEventTag>();

  constructor(readonly seed: StandinSeed) {
    for (const app of seed.apps) this.apps.set(app.consumerKey, app);
    for (const user of seed.users) this.users.set(user.id, user);
    for (const account of seed.accounts) this.accounts.set(account.id, account);
    for (const pixel of seed.pixels) this.pixels.set(pixel.id, pixel);
    for (const tag of seed.eventTags) this.tags.set(tag.id, tag);
    for (const grant of seed.grants) {
      const account = this.accounts.get(grant.accountId);
      if (!account) continue;
      this.grants.set(grantKey(grant.userId, grant.accountId), grant.permissions);
      const list = this.accountsByUser.get(grant.userId) ?? [];
      list.push(account);
      this.accountsByUser.set(grant.userId, list);
    }
    // X lists accounts oldest first by default; id breaks ties so pages are stable.
    for (const list of this.accountsByUser.values()) {
      list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    }
  }

  app(consumerKey: string): SeedApp | undefined {
    return this.apps.get(consumerKey);
  }

  user(userId: string): SeedUser | undefined {
    return this.users.get(userId);
  }

  account(accountId: string): SeedAccount | undefined {
    return this.accounts.get(accountId);
  }

  permissions(userId: string, accountId: string): XPermission[] {
    return this.grants.get(grantKey(userId, accountId)) ?? [];
  }

  accountsOf(userId: string): SeedAccount[] {
    return this.accountsByUser.get(userId) ?? [];
  }

  pixel(pixelId: string): SeedPixel | undefined {
    return this.pixels.get(pixelId);
  }

  eventTagsOf(accountId: string): SeedEventTag[] {
    return this.seed.eventTags.filter((t) => this.pixels.get(t.pixelId)?.accountId === accountId);
  }

  lookupEventTag(pixel: SeedPixel, eventId: string): EventTagMatch {
    if (this.pixels.get(eventId)?.accountId === pixel.accountId) return "base_tag";
    const tag = this.tags.get(eventId);
    if (!tag) return "unknown";
    if (this.pixels.get(tag.pixelId)?.accountId !== pixel.accountId) return "other_account";
    return tag.deleted ? "deleted" : "single_event_tag";
  }
}

function grantKey(userId: string, accountId: string): string {
  return `${userId}\u0000${accountId}`;
}
