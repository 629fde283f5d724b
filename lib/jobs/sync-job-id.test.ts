import { expect, test } from "vitest";
import { syncJobId } from "./sync-job-id";

test("a run's job id is a stable UUID of the run id, different for every run", () => {
  const id = syncJobId("cmabc123");
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(syncJobId("cmabc123")).toBe(id);
  expect(syncJobId("cmabc124")).not.toBe(id);
});
