import { afterAll, beforeEach, expect, inject, test } from "vitest";
import { createDb } from "./client";
import { insensitiveEquals } from "./insensitive-equals";

const db = createDb(inject("databaseUrl"), { max: 2 });
afterAll(() => db.$disconnect());
beforeEach(async () => {
  await db.signInAttempt.deleteMany();
});

// Any text column does; sign-in attempts need nothing else to exist.
const matches = async (value: string) =>
  (
    await db.signInAttempt.findMany({
      where: { email: insensitiveEquals(value) },
      select: { email: true },
      orderBy: { email: "asc" },
    })
  ).map((row) => row.email);

test("equal but for case, and nothing that merely fits LIKE's wildcards", async () => {
  await db.signInAttempt.createMany({
    data: ["Shop 2", "shop_2", "50% off", "50 off", "a\\b", "ab", "Zürich"].map((email) => ({
      email,
      succeeded: false,
    })),
  });
  expect(await matches("SHOP_2")).toEqual(["shop_2"]);
  expect(await matches("Shop 2")).toEqual(["Shop 2"]);
  expect(await matches("50% OFF")).toEqual(["50% off"]);
  expect(await matches("%")).toEqual([]);
  expect(await matches("_")).toEqual([]);
  expect(await matches("A\\B")).toEqual(["a\\b"]);
  expect(await matches("zürich")).toEqual(["Zürich"]);
});
