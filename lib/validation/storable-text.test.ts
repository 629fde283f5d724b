import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { hasControlCharacters, isStorableText, truncateText, withoutControlCharacters } from "./storable-text";

describe("storable text", () => {
  test("NUL and lone surrogates cannot be stored; every other string can", () => {
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("a\ud800")).toBe(false);
    expect(isStorableText("\udc00a")).toBe(false);
    expect(isStorableText("\udbff\ud800")).toBe(false);
    expect(isStorableText("😀 é \u0007 \t\n \u202e")).toBe(true);
    // Exactly the strings that survive a round trip through UTF-8 and have no NUL.
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom("\u0000", "\ud800", "\udfff", "\ud83d", "\ude00"),
            fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
          ),
          maxLength: 12,
        }),
        (text) => {
          const survivesUtf8 = Buffer.from(text, "utf8").toString("utf8") === text;
          expect(isStorableText(text)).toBe(survivesUtf8 && !text.includes("\u0000"));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  test("control characters are C0, DEL and C1", () => {
    for (const code of [0x00, 0x09, 0x0a, 0x1b, 0x1f, 0x7f, 0x85, 0x9f])
      expect(hasControlCharacters(`a${String.fromCharCode(code)}b`)).toBe(true);
    for (const text of ["Orders 2026", "Café", "😀", "\u00a0", "\u200b", "מבצע"])
      expect(hasControlCharacters(text)).toBe(false);
    expect(withoutControlCharacters("a\u0000b\tc\u001bd\u007fe\u0085f\u009fg")).toBe("abcdefg");
    for (const text of ["Orders 2026", "Café", "😀", "\u00a0", "\u200b", "מבצע"])
      expect(withoutControlCharacters(text)).toBe(text);
  });

  test("truncating never leaves half a character", () => {
    expect(truncateText(`${"x".repeat(99)}😀`, 100)).toBe("x".repeat(99));
    expect(truncateText(`${"x".repeat(98)}😀`, 100)).toBe(`${"x".repeat(98)}😀`);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.nat(45), (text, max) => {
        const cut = truncateText(text, max);
        expect(text.startsWith(cut)).toBe(true);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut.length).toBeGreaterThanOrEqual(Math.min(max, text.length) - 1);
        if (isStorableText(text)) expect(isStorableText(cut)).toBe(true);
      }),
    );
  });
});
