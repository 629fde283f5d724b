import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

describe("TtlCache", () => {
  it("serves a fresh value without loading again, and shares one load between callers", async () => {
    const cache = new TtlCache<number>(60_000);
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect([a.value, b.value, loads]).toEqual([1, 1, 1]);
    expect((await cache.get("k", load)).value).toBe(1);
    expect((await cache.get("k", load, { refresh: true })).value).toBe(2);
  });

  it("keeps the last value for a stale fallback after it expires, and forgets by prefix", async () => {
    const cache = new TtlCache<string>(0);
    await cache.get("conn-1:acct", async () => "tags");
    expect(cache.peek("conn-1:acct")).toBeNull();
    expect(cache.stale("conn-1:acct")?.value).toBe("tags");
    cache.delete("conn-1:");
    expect(cache.stale("conn-1:acct")).toBeNull();
  });

  it("does not cache a failed load", async () => {
    const cache = new TtlCache<string>(60_000);
    await expect(cache.get("k", async () => Promise.reject(new Error("X said no")))).rejects.toThrow("X said no");
    expect((await cache.get("k", async () => "ok")).value).toBe("ok");
  });
});
