import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { futureWarning, parseConversionTime, suggestDateOrder } from "./conversion-time";
import { zonedWallTimeToUtc } from "./zoned-time";

const iso = (cell: Parameters<typeof parseConversionTime>[0], zone = "UTC"): string | undefined => {
  const parsed = parseConversionTime(cell, zone);
  return parsed.kind === "value" ? parsed.value.iso : undefined;
};
const code = (cell: Parameters<typeof parseConversionTime>[0], zone = "UTC"): string | undefined => {
  const parsed = parseConversionTime(cell, zone);
  return parsed.kind === "error" ? parsed.code : parsed.kind;
};

describe("parseConversionTime", () => {
  it("reads ISO 8601 with Z or an offset, always answering UTC with milliseconds", () => {
    expect(iso("2022-02-18T01:14:00.603Z")).toBe("2022-02-18T01:14:00.603Z");
    expect(iso("2022-02-18T01:14:00Z")).toBe("2022-02-18T01:14:00.000Z");
    expect(iso("2022-02-18T03:14:00+02:00")).toBe("2022-02-18T01:14:00.000Z");
    expect(iso("2022-02-17T20:44:00-0430")).toBe("2022-02-18T01:14:00.000Z");
    expect(iso("2022-02-18 01:14:00.123456+00")).toBe("2022-02-18T01:14:00.123Z");
    expect(iso("2022-02-18 01:14:00 UTC", "Asia/Tokyo")).toBe("2022-02-18T01:14:00.000Z");
  });

  it("reads a zone-less time in the configured IANA zone", () => {
    expect(iso("2024-01-15 09:30:00", "America/New_York")).toBe("2024-01-15T14:30:00.000Z");
    expect(iso("2024-07-15 09:30:00", "America/New_York")).toBe("2024-07-15T13:30:00.000Z");
    expect(iso("2024-07-15T09:30:00.250", "Europe/Paris")).toBe("2024-07-15T07:30:00.250Z");
    expect(iso("2024-07-15 09:30", "Asia/Kolkata")).toBe("2024-07-15T04:00:00.000Z");
    expect(iso("2024-07-15 09:30:00", "UTC")).toBe("2024-07-15T09:30:00.000Z");
  });

  it("resolves clock changes like Temporal's 'compatible' rule, with a warning", () => {
    const gap = parseConversionTime("2024-03-10 02:30:00", "America/New_York");
    expect(gap).toMatchObject({ kind: "value", value: { iso: "2024-03-10T07:30:00.000Z" } });
    expect(gap.kind === "value" && gap.value.warnings.map((w) => w.code)).toEqual([
      "conversion_time_nonexistent_local",
    ]);
    const overlap = parseConversionTime("2024-11-03 01:30:00", "America/New_York");
    expect(overlap).toMatchObject({ kind: "value", value: { iso: "2024-11-03T05:30:00.000Z" } });
    expect(overlap.kind === "value" && overlap.value.warnings.map((w) => w.code)).toEqual([
      "conversion_time_ambiguous_local",
    ]);
  });

  it("reads epoch seconds and milliseconds, as numbers or digits", () => {
    expect(iso(1_700_000_000)).toBe("2023-11-14T22:13:20.000Z");
    expect(iso(1_700_000_000_123)).toBe("2023-11-14T22:13:20.123Z");
    expect(iso("1700000000")).toBe("2023-11-14T22:13:20.000Z");
    expect(iso("1700000000123")).toBe("2023-11-14T22:13:20.123Z");
    expect(iso(1_700_000_000.5)).toBe("2023-11-14T22:13:20.500Z");
  });

  it("reads a Date from a database driver", () => {
    expect(iso(new Date("2024-05-01T12:00:00.007Z"))).toBe("2024-05-01T12:00:00.007Z");
    expect(code(new Date(Number.NaN))).toBe("conversion_time_invalid");
  });

  it("warns when only a date is given (midnight in the source zone)", () => {
    const parsed = parseConversionTime("2024-05-01", "Europe/Berlin");
    expect(parsed).toMatchObject({ kind: "value", value: { iso: "2024-04-30T22:00:00.000Z" } });
    expect(parsed.kind === "value" && parsed.value.warnings[0]?.code).toBe("conversion_time_date_only");
  });

  it("never invents a time: empty is empty", () => {
    expect(code(null)).toBe("empty");
    expect(code(undefined)).toBe("empty");
    expect(code("  ")).toBe("empty");
  });

  it("refuses impossible and unreadable values", () => {
    expect(code("2024-02-30 10:00:00")).toBe("conversion_time_invalid");
    expect(code("2023-02-29")).toBe("conversion_time_invalid");
    expect(code("2024-01-01 24:00:00")).toBe("conversion_time_invalid");
    expect(code("2024-01-01T10:00:00+25:00")).toBe("conversion_time_invalid");
    expect(code("01/02/2024 10:00")).toBe("conversion_time_invalid");
    expect(code("yesterday")).toBe("conversion_time_invalid");
    expect(code(Number.POSITIVE_INFINITY)).toBe("conversion_time_invalid");
    expect(code(true)).toBe("conversion_time_invalid");
    expect(code({ at: "2024-01-01" })).toBe("conversion_time_invalid");
  });

  it("refuses values outside 2000..2099, typically a misread unit", () => {
    expect(code("20240101")).toBe("conversion_time_out_of_range");
    expect(code(1_700_000_000_123_000)).toBe("conversion_time_out_of_range");
    expect(code("1999-12-31T23:59:59Z")).toBe("conversion_time_out_of_range");
    expect(code(-1)).toBe("conversion_time_out_of_range");
  });

  it("is idempotent: its own output parses to itself", () => {
    const instant = fc.date({
      min: new Date("2000-01-02T00:00:00Z"),
      max: new Date("2099-12-30T00:00:00Z"),
      noInvalidDate: true,
    });
    const zone = fc.constantFrom("UTC", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham");
    fc.assert(
      fc.property(instant, zone, (date, tz) => {
        const once = iso(date, tz);
        return once === date.toISOString() && iso(once, tz) === once;
      }),
    );
  });

  it("round-trips wall times in any zone away from clock changes", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2001-01-01Z"), max: new Date("2098-01-01Z"), noInvalidDate: true }),
        (date) => {
          const wall = new Intl.DateTimeFormat("sv-SE", {
            timeZone: "Europe/Paris",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
          }).format(date);
          const resolved = zonedWallTimeToUtc(Date.parse(`${wall.replace(" ", "T")}Z`), "Europe/Paris");
          // In an overlap the earlier instant is chosen, so the original is equal or one hour later.
          const diff = Math.floor(date.getTime() / 1000) * 1000 - resolved.epochMs;
          return resolved.ambiguous ? diff === 0 || diff === 3_600_000 : diff === 0;
        },
      ),
    );
  });
});

describe("parseConversionTime: dates as people write them", () => {
  const iso = (cell: string, order: "auto" | "DMY" | "MDY", zone = "UTC") => {
    const parsed = parseConversionTime(cell, zone, order);
    return parsed.kind === "value" ? parsed.value.iso : parsed.kind === "error" ? parsed.code : "empty";
  };

  it("reads day-first and month-first dates in the mapping's order, with any separator and time", () => {
    expect(iso("31/12/2026 14:03", "DMY")).toBe("2026-12-31T14:03:00.000Z");
    expect(iso("05.11.2026", "DMY")).toBe("2026-11-05T00:00:00.000Z");
    expect(iso("12/31/2026 2:03 PM", "MDY")).toBe("2026-12-31T14:03:00.000Z");
    expect(iso("12-31-2026 12:15:30 am", "MDY")).toBe("2026-12-31T00:15:30.000Z");
    expect(iso("1/2/2026 09:30", "DMY", "Europe/Paris")).toBe("2026-02-01T08:30:00.000Z");
    expect(iso("1/2/2026 09:30", "MDY", "Europe/Paris")).toBe("2026-01-02T08:30:00.000Z");
  });

  it("keeps reading ISO 8601 and epoch numbers whatever the order", () => {
    expect(iso("2026-12-31T14:03:00Z", "DMY")).toBe("2026-12-31T14:03:00.000Z");
    expect(iso("1796000000", "MDY")).toBe(new Date(1_796_000_000_000).toISOString());
  });

  it("refuses what cannot be a date in that order, and any such date without an order", () => {
    expect(iso("31/13/2026", "DMY")).toBe("conversion_time_invalid");
    expect(iso("31/12/2026", "MDY")).toBe("conversion_time_invalid");
    expect(iso("13:00 31/12/2026", "DMY")).toBe("conversion_time_invalid");
    const unordered = parseConversionTime("05/11/2026", "UTC");
    expect(unordered).toMatchObject({ kind: "error", code: "conversion_time_invalid" });
    expect(unordered.kind === "error" && unordered.message).toContain("choose the date format");
  });
});

describe("suggestDateOrder", () => {
  it("suggests an order only when the sample settles it", () => {
    expect(suggestDateOrder(["05/11/2026", "31/10/2026 14:00", null])).toBe("DMY");
    expect(suggestDateOrder(["11/05/2026", "10/31/2026"])).toBe("MDY");
    expect(suggestDateOrder(["05/11/2026", "01/02/2026"])).toBeNull();
    expect(suggestDateOrder(["31/10/2026", "10/31/2026"])).toBeNull();
    expect(suggestDateOrder(["2026-10-31T10:00:00Z", 1796000000])).toBeNull();
  });
});

describe("futureWarning", () => {
  const now = Date.parse("2026-12-06T12:00:00.000Z");
  it("warns beyond ten minutes ahead, and says how far", () => {
    expect(futureWarning("2026-12-06T12:10:00.000Z", now)).toBeNull();
    expect(futureWarning("2026-12-06T12:11:00.000Z", now)).toEqual({
      code: "conversion_time_future",
      message: "is 11 minutes in the future; check the source time zone and date format",
    });
    expect(futureWarning("2026-12-06T17:00:00.000Z", now)?.message).toMatch(/^is 5 hours in the future/);
    expect(futureWarning("2027-01-06T12:00:00.000Z", now)?.message).toMatch(/^is 31 days in the future/);
  });
});
