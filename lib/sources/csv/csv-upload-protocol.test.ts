import { expect, test } from "vitest";
import { CSV_UPLOAD_MAX_BYTES, csvVersionUrl } from "./csv-upload-protocol";
import { DEFAULT_CSV_LIMITS } from "./read-csv-records";

test("the upload limit is the CSV reader's own, so every stored file can be read back", () => {
  expect(CSV_UPLOAD_MAX_BYTES).toBe(DEFAULT_CSV_LIMITS.maxBytes);
});

test("a source id is encoded into the version upload URL", () => {
  expect(csvVersionUrl("abc/../x")).toBe("/api/sources/abc%2F..%2Fx/csv");
});
