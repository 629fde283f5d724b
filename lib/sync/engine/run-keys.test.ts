import { describe, expect, test } from "vitest";
import { RunKeys } from "./run-keys";

describe("RunKeys", () => {
  test("a key on its way counts as seen until X has answered for it", () => {
    const keys = new RunKeys();
    keys.chunkStarted();
    keys.add("a");
    expect(keys.has("a")).toBe(true);
    keys.chunkSettled();
    keys.finished("a", false);
    expect(keys.has("a")).toBe(false);
  });

  test("a key recorded while later chunks were already being prepared stays seen until those are settled", () => {
    const keys = new RunKeys();
    keys.chunkStarted(); // chunk 1
    keys.add("a");
    keys.chunkSettled(); // chunk 1 settled, its batch on the wire
    keys.chunkStarted(); // chunk 2: its ledger lookup may run before "a" is recorded
    keys.chunkStarted(); // chunk 3 likewise
    keys.finished("a", true);
    expect(keys.has("a")).toBe(true);
    keys.chunkSettled(); // chunk 2
    expect(keys.has("a")).toBe(true);
    keys.chunkSettled(); // chunk 3: from now on every lookup started after the record
    expect(keys.has("a")).toBe(false);
    expect(keys.size).toBe(0);
  });

  test("a key recorded when no chunk is ahead is left to the ledger at once, so memory stays flat", () => {
    const keys = new RunKeys();
    for (let chunk = 0; chunk < 1_000; chunk += 1) {
      keys.chunkStarted();
      for (let i = 0; i < 100; i += 1) keys.add(`${chunk}-${i}`);
      keys.chunkSettled();
      for (let i = 0; i < 100; i += 1) keys.finished(`${chunk}-${i}`, true);
    }
    expect(keys.size).toBe(0);
  });

  test("rejected or failed keys are forgotten, so a later copy is tried again", () => {
    const keys = new RunKeys();
    keys.chunkStarted();
    keys.add("a");
    keys.chunkStarted();
    keys.finished("a", false);
    expect(keys.has("a")).toBe(false);
  });
});
