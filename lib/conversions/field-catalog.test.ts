import { describe, expect, it } from "vitest";
import { CONTENT_FIELD_CATALOG, CONTENT_FIELD_KEYS, FIELD_CATALOG, SCALAR_FIELD_KEYS } from "./field-catalog";
import { parseConversionTime } from "./conversion-time";
import { normalizeDigest, normalizeEmail, normalizeIpAddress, normalizePhone } from "./normalize-identifiers";
import { parseStaticValue } from "./static-value";
import { parseEventId } from "./value-parsers";

describe("FIELD_CATALOG", () => {
  it("describes every mappable field, event_id and contents, once each", () => {
    const keys = FIELD_CATALOG.map((def) => def.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...SCALAR_FIELD_KEYS, "event_id", "contents"].sort());
    expect(CONTENT_FIELD_CATALOG.map((def) => def.key)).toEqual([...CONTENT_FIELD_KEYS]);
  });

  it("marks exactly conversion_time and event_id as always required", () => {
    expect(FIELD_CATALOG.filter((def) => def.required === "always").map((def) => def.key)).toEqual([
      "conversion_time",
      "event_id",
    ]);
  });

  it("gives every field help text and an example that its own parser accepts", () => {
    const opts = { hashing: true, defaultPhoneCountry: "US" };
    for (const def of [...FIELD_CATALOG, ...CONTENT_FIELD_CATALOG]) {
      expect(def.help.length, def.key).toBeGreaterThan(10);
      const accepted = (() => {
        switch (def.type) {
          case "timestamp":
            return parseConversionTime(def.example, "UTC").kind === "value";
          case "event_id":
            return parseEventId(def.example, null).kind === "value";
          case "email":
            return normalizeEmail(def.example, opts).kind === "value";
          case "phone":
            return normalizePhone(def.example, opts).kind === "value";
          case "sha256":
            return normalizeDigest(def.example).kind === "value";
          case "ip_address":
            return normalizeIpAddress(def.example).kind === "value";
          case "contents":
            return Array.isArray(JSON.parse(def.example));
          default:
            return parseStaticValue(def.key, def.example) === undefined;
        }
      })();
      expect(accepted, def.key).toBe(true);
    }
  });
});
