import { expect, test } from "vitest";
import { displayCell } from "./preview-source";

test("cells are shown as text: null stays null, dates in ISO form, JSON as JSON, long values cut", () => {
  expect(displayCell(null, false)).toBeNull();
  expect(displayCell(undefined, true)).toBeNull();
  expect(displayCell(19.9, false)).toBe("19.9");
  expect(displayCell(false, false)).toBe("false");
  expect(displayCell(new Date("2026-11-01T12:00:00Z"), false)).toBe("2026-11-01T12:00:00.000Z");
  expect(displayCell(new Date("nope"), false)).toBe("Invalid date");
  expect(displayCell({ a: [1, "b"] }, false)).toBe('{"a":[1,"b"]}');
  expect(displayCell("  stray spaces  ", false)).toBe("  stray spaces  ");
  const long = displayCell("x".repeat(1000), false);
  expect(long).toHaveLength(301);
  expect(long?.endsWith("…")).toBe(true);
});

test("identifiers are masked as the wizard masks them: e-mails, phones and IP addresses, by shape or by column name", () => {
  expect(displayCell(" Jane.Doe@Example.com ", false)).toBe("J•••@E•••.com");
  expect(displayCell("(415) 555-0123", false)).toBe("•••• 23");
  expect(displayCell("203.0.113.7", false)).toBe("•••.•••.•••.7");
  expect(displayCell("2001:db8::8a2e:370:7334", false)).toBe("••••:…:7334");
  // A column named like one that holds identifiers is masked whatever its values look like.
  expect(displayCell("4155550123", true)).toBe("•••• 23");
  expect(displayCell(14155550123, true)).toBe("•••• 23");
  expect(displayCell({ email: "x@y.example" }, false)).toBe('{"email":"x•••@y•••.example"}');
  expect(displayCell(`note ${"x".repeat(400)} jane@example.com`, false)).not.toContain("jane@example.com");
  // Order numbers, amounts and digests are shown as they are.
  expect(displayCell("ORD-100007", false)).toBe("ORD-100007");
  expect(displayCell(1234567890, false)).toBe("1234567890");
  const digest = "d360d510a224510f373931ce2d6215a799f5a9c1cef221b0149b6b6b50cced62";
  expect(displayCell(digest, true)).toBe(digest);
});
