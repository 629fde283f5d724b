import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertRow } from "./convert-row";
import { isSha256Hex, sha256Hex } from "./hash";
import { normalizeEmail, normalizePhone } from "./normalize-identifiers";
import { emailCell, orderMapping, orderRow, phoneCell, sha256Like } from "./test-arbitraries";

const options = { hashing: true, defaultPhoneCountry: "US" };
const destination = { eventId: "o87ne", pixelId: "o8z6j" };

// Every field path convertRow may name: X's own field names, identifiers by key, contents by index.
const FIELD_PATH =
  /^(conversion_time|event_id|value|price_currency|number_items|conversion_id|description|conversion|identifiers(\.(twclid|hashed_email|hashed_phone_number|ip_address|user_agent))?|contents(\[\d+\](\.[A-Za-z0-9_]+)?)?)$/;

describe("normalization properties", () => {
  it("is idempotent for emails and phones: normalizing the output changes nothing", () => {
    fc.assert(
      fc.property(emailCell, (cell) => {
        const once = normalizeEmail(cell, options);
        return once.kind !== "value" || JSON.stringify(normalizeEmail(once.value, options)) === JSON.stringify(once);
      }),
    );
    fc.assert(
      fc.property(phoneCell, (cell) => {
        const once = normalizePhone(cell, options);
        return once.kind !== "value" || JSON.stringify(normalizePhone(once.value, options)) === JSON.stringify(once);
      }),
    );
  });

  it("never hashes a digest again, in any case or padding", () => {
    fc.assert(
      fc.property(sha256Like, fc.constantFrom("", " ", "\t"), (digest, pad) => {
        const expected = { kind: "value", value: digest.toLowerCase() };
        return (
          JSON.stringify(normalizeEmail(pad + digest + pad, options)) === JSON.stringify(expected) &&
          JSON.stringify(normalizePhone(pad + digest, options)) === JSON.stringify(expected)
        );
      }),
    );
  });

  it("hashes a plain email exactly once, after trim and lowercase", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom("", " "), (email, pad) => {
        const result = normalizeEmail(pad + email.toUpperCase() + pad, options);
        return (
          result.kind === "value" &&
          result.value === sha256Hex(email.toLowerCase()) &&
          result.value !== sha256Hex(sha256Hex(email.toLowerCase()))
        );
      }),
    );
  });

  it("a conversion's identifiers fed back in come out unchanged", () => {
    fc.assert(
      fc.property(orderRow, (row) => {
        const first = convertRow(orderMapping, destination, row);
        if (first.status !== "valid") return true;
        const email = first.conversion.identifiers.find((i) => "hashed_email" in i);
        const phone = first.conversion.identifiers.find((i) => "hashed_phone_number" in i);
        const again = convertRow(orderMapping, destination, {
          ...row,
          email: email && "hashed_email" in email ? email.hashed_email : null,
          phone: phone && "hashed_phone_number" in phone ? phone.hashed_phone_number : null,
        });
        return (
          again.status === "valid" &&
          JSON.stringify(again.conversion.identifiers) === JSON.stringify(first.conversion.identifiers)
        );
      }),
    );
  });
});

describe("row contract properties", () => {
  it("every invalid row has reasons, and every reason and warning names a field", () => {
    fc.assert(
      fc.property(orderRow, (row) => {
        const result = convertRow(orderMapping, destination, row);
        const issues = result.status === "invalid" ? [...result.reasons, ...result.warnings] : result.warnings;
        if (result.status === "invalid") expect(result.reasons.length).toBeGreaterThan(0);
        for (const issue of issues) {
          expect(issue.field).toMatch(FIELD_PATH);
          expect(issue.code).toMatch(/^[a-z0-9_]+$/);
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("never quotes a raw email or phone in a reason or warning", () => {
    fc.assert(
      fc.property(orderRow, (row) => {
        const result = convertRow(orderMapping, destination, row);
        const text = JSON.stringify(result.status === "invalid" ? [result.reasons, result.warnings] : result.warnings);
        for (const cell of [row.email, row.phone]) {
          const raw = typeof cell === "string" ? cell.trim() : "";
          if (raw.length >= 6) expect(text).not.toContain(raw);
        }
      }),
    );
  });

  it("every produced conversion has a strong identifier, digests only, and X's time format", () => {
    fc.assert(
      fc.property(orderRow, (row) => {
        const result = convertRow(orderMapping, destination, row);
        if (result.status !== "valid") return;
        const { conversion } = result;
        expect(conversion.conversion_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(
          conversion.identifiers.some((i) => "twclid" in i || "hashed_email" in i || "hashed_phone_number" in i),
        ).toBe(true);
        for (const identifier of conversion.identifiers) {
          if ("hashed_email" in identifier)
            expect(
              isSha256Hex(identifier.hashed_email) && identifier.hashed_email === identifier.hashed_email.toLowerCase(),
            ).toBe(true);
          if ("hashed_phone_number" in identifier) expect(identifier.hashed_phone_number).toMatch(/^[0-9a-f]{64}$/);
        }
        expect(conversion.conversion_id.length).toBeGreaterThan(0);
        expect(JSON.parse(JSON.stringify(conversion))).toEqual(conversion);
      }),
    );
  });

  it("is deterministic: the same row always gives the same result", () => {
    fc.assert(
      fc.property(
        orderRow,
        (row) =>
          JSON.stringify(convertRow(orderMapping, destination, row)) ===
          JSON.stringify(convertRow(orderMapping, destination, { ...row })),
      ),
    );
  });
});
