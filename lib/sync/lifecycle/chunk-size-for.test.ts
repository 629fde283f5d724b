import { expect, test } from "vitest";
import { DEFAULT_SYNC_SETTINGS } from "../sync-settings";
import { chunkSizeFor } from "./sync-worker";

test("a worker holding many runs reads smaller chunks, so its rows in memory stay bounded", () => {
  const settings = { chunkSize: 2_500, rowsInMemory: 30_000 };
  expect(chunkSizeFor(1, settings)).toBe(2_500);
  expect(chunkSizeFor(4, settings)).toBe(2_500);
  expect(chunkSizeFor(10, settings)).toBe(1_000);
  expect(chunkSizeFor(50, settings)).toBe(250);
  expect(chunkSizeFor(0, settings)).toBe(2_500);
  // Never below a batch's worth of rows in a few reads, nor above the configured size.
  expect(chunkSizeFor(500, settings)).toBe(250);
  expect(chunkSizeFor(1, { chunkSize: 100, rowsInMemory: 30_000 })).toBe(100);
  expect(chunkSizeFor(50, DEFAULT_SYNC_SETTINGS) * 50 * 3).toBeLessThanOrEqual(
    DEFAULT_SYNC_SETTINGS.rowsInMemory * 1.3,
  );
});
