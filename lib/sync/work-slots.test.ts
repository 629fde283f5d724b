import { describe, expect, test } from "vitest";
import { WorkSlots } from "./work-slots";

const settled = async <T>(promise: Promise<T>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe("WorkSlots", () => {
  test("a parked run gives its slot to a new run, and queues ahead of runs not yet started to get one back", async () => {
    let freed = 0;
    const slots = new WorkSlots(1, () => (freed += 1));
    const first = await slots.enter();
    expect(slots.idle).toBe(false);

    first.parked();
    expect(freed).toBe(1);
    expect(slots.idle).toBe(true);
    const second = await slots.enter();
    expect(slots.busy).toBe(1);

    // The first run may send again: it waits for the slot, and no new run may start meanwhile.
    const back = first.unparked();
    expect(await settled(back)).toBe(false);
    expect(slots.idle).toBe(false);
    const third = slots.enter();
    second.close();
    expect(await settled(back)).toBe(true);
    expect(first.holding).toBe(true);
    expect(await settled(third)).toBe(false);

    first.close();
    const thirdSlot = await third;
    thirdSlot.close();
    expect(slots.busy).toBe(0);
    expect(slots.idle).toBe(true);
  });

  test("many batches of one run parking and unparking take one slot back, once", async () => {
    const slots = new WorkSlots(2);
    const run = await slots.enter();
    run.parked();
    run.parked();
    expect(slots.busy).toBe(0);
    await Promise.all([run.unparked(), run.unparked()]);
    expect(slots.busy).toBe(1);
    run.close();
    run.close();
    expect(slots.busy).toBe(0);
  });

  test("a run that ends while waiting for its slot back hands the slot on", async () => {
    const slots = new WorkSlots(1);
    const run = await slots.enter();
    run.parked();
    const other = await slots.enter();
    const back = run.unparked();
    run.close();
    other.close();
    await back;
    expect(slots.busy).toBe(0);
    expect(slots.idle).toBe(true);
  });
});
