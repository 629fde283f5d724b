import { describe, expect, test } from "vitest";
import {
  compareCursorText,
  cursorText,
  incrementalQuery,
  laterCursor,
  suggestCursorColumns,
  windowStart,
} from "./incremental-read";

describe("incremental windows", () => {
  test("the bound is a literal the planner can weigh: the watermark less the lookback", () => {
    const query = incrementalQuery("SELECT * FROM orders ORDER BY id;\n", {
      column: "updated_at",
      type: "timestamptz",
      from: "2026-12-06T07:00:00.000Z",
      lookback: 7200,
    });
    expect(query).toBe(
      `SELECT * FROM (SELECT * FROM orders ORDER BY id\n) AS sluice_rows WHERE "updated_at" >= ('2026-12-06T05:00:00.000Z'::timestamptz) OR "updated_at" IS NULL`,
    );
    expect(windowStart({ column: "seq", type: "integer", from: "9007199254740993", lookback: 5 })).toBe(
      "9007199254740988",
    );
    expect(windowStart({ column: "d", type: "date", from: "2026-03-01", lookback: 86_400 })).toBe("2026-02-28");
    expect(windowStart({ column: "t", type: "timestamp", from: "2026-03-01 00:30:00.123456", lookback: 3600 })).toBe(
      "2026-02-28 23:30:00.123",
    );
  });

  test("names and values are quoted, and a watermark it cannot read is left to SQL", () => {
    const query = incrementalQuery("SELECT 1", {
      column: 'we"ird',
      type: "timestamp",
      from: "x'); DROP TABLE t; --",
      lookback: 60,
    });
    expect(query).toContain(`"we""ird" >= ('x''); DROP TABLE t; --'::timestamp - make_interval(secs => 60))`);
  });

  test("cursor values as text, ordered as the values they name", () => {
    expect(cursorText("timestamptz", new Date("2026-12-06T07:00:00Z"))).toBe("2026-12-06T07:00:00.000Z");
    expect(cursorText("timestamp", "2026-12-06 07:00:00.5")).toBe("2026-12-06 07:00:00.5");
    expect(cursorText("timestamp", "12/06/2026 07:00")).toBeUndefined();
    expect(cursorText("integer", "123456789012345678901")).toBe("123456789012345678901");
    expect(cursorText("integer", null)).toBeNull();
    expect(compareCursorText("integer", "10", "9")).toBe(1);
    expect(compareCursorText("timestamp", "2026-12-06 07:00:00", "2026-12-06 07:00:00.5")).toBe(-1);
    expect(laterCursor("integer", null, "3")).toBe("3");
    expect(laterCursor("integer", "12", "3")).toBe("12");
  });

  test("suggests time and number columns, updated_at before created_at before id", () => {
    const columns = [
      { name: "id", type: "number" as const },
      { name: "email", type: "text" as const },
      { name: "created_at", type: "timestamp" as const },
      { name: "amount", type: "number" as const },
      { name: "updated_at", type: "timestamp" as const },
    ];
    expect(suggestCursorColumns(columns).map((column) => column.name)).toEqual([
      "updated_at",
      "created_at",
      "id",
      "amount",
    ]);
  });
});

describe("the watermark's cap", () => {
  test("a time cursor's watermark never passes the present; an integer's has no cap", async () => {
    const { earlierCursor, latestSettledNow } = await import("./incremental-read");
    const now = new Date("2026-12-06T08:00:00.000Z");
    expect(earlierCursor("timestamptz", "2099-01-01T00:00:00.000Z", latestSettledNow("timestamptz", now))).toBe(
      "2026-12-06T08:00:00.000Z",
    );
    expect(earlierCursor("timestamptz", "2026-12-06T07:00:00.000Z", latestSettledNow("timestamptz", now))).toBe(
      "2026-12-06T07:00:00.000Z",
    );
    expect(latestSettledNow("timestamp", now)).toBe("2026-12-06 22:00:00.000");
    expect(earlierCursor("integer", "99999999999", latestSettledNow("integer", now))).toBe("99999999999");
  });
});
