import { describe, expect, test } from "vitest";
import { inferColumnType } from "./infer-column-type";

describe("inferColumnType", () => {
  test("numbers, including decimals and negatives", () => {
    expect(inferColumnType(["1", "-2.50", "0.99", "1e3", null, ""])).toBe("number");
  });

  test("zip codes and E.164 phone numbers stay text", () => {
    expect(inferColumnType(["01234", "90210"])).toBe("text");
    expect(inferColumnType(["+14155550123", "+442079460123"])).toBe("text");
  });

  test("booleans", () => {
    expect(inferColumnType(["true", "FALSE", "True"])).toBe("boolean");
  });

  test("ISO dates and date-times, with T or a space, with or without zone", () => {
    expect(
      inferColumnType(["2024-01-02", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05.123+02:00", "2024-01-02T03:04"]),
    ).toBe("timestamp");
  });

  test("an impossible date is not a timestamp", () => {
    expect(inferColumnType(["2024-13-45"])).toBe("text");
  });

  test("JSON objects and arrays", () => {
    expect(inferColumnType(['{"a":1}', "[1,2]"])).toBe("json");
    expect(inferColumnType(["{not json}"])).toBe("text");
  });

  test("one value of another kind makes the column text", () => {
    expect(inferColumnType(["1", "2", "three"])).toBe("text");
  });

  test("a column with no values is unknown", () => {
    expect(inferColumnType([null, "", "  "])).toBe("unknown");
    expect(inferColumnType([])).toBe("unknown");
  });
});
