import { describe, expect, test } from "vitest";
import { detectCsvDelimiter } from "./detect-csv-delimiter";

describe("detectCsvDelimiter", () => {
  test("comma", () => {
    expect(detectCsvDelimiter("id,email,value\n1,a@example.com,3\n2,b@example.com,4\n")).toBe(",");
  });

  test("semicolon with decimal commas in the values", () => {
    expect(detectCsvDelimiter("id;value;note\n1;12,50;a\n2;3,99;b, c\n")).toBe(";");
  });

  test("tab", () => {
    expect(detectCsvDelimiter("id\temail\n1\ta@example.com\n")).toBe("\t");
  });

  test("pipe", () => {
    expect(detectCsvDelimiter("id|email\n1|a@example.com\n")).toBe("|");
  });

  test("ignores delimiters inside quotes, even across lines", () => {
    expect(detectCsvDelimiter('name;city\n"Doe, Jane";Paris\n"Smith,\n John";"Lyon, FR"\n')).toBe(";");
  });

  test("prefers the candidate that is consistent on every line", () => {
    // One comma in the header, commas scattered in the data; the semicolon is steady.
    expect(detectCsvDelimiter("a;b,c\n1;2\n3;4,5,6\n")).toBe(";");
  });

  test("a single column, or an empty head, falls back to comma", () => {
    expect(detectCsvDelimiter("email\na@example.com\n")).toBe(",");
    expect(detectCsvDelimiter("")).toBe(",");
  });

  test("skips blank lines before the header and CRLF line breaks", () => {
    expect(detectCsvDelimiter("\r\n\r\na\tb\r\n1\t2\r\n")).toBe("\t");
  });
});
