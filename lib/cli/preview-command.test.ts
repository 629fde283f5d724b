import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/conversions/hash";

const root = fileURLToPath(new URL("../..", import.meta.url));
const csv = "lib/cli/fixtures/orders.csv";
const mapping = "lib/cli/fixtures/orders.mapping.json";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real entry point as a child process, as `npm run sluice` does. Async, never
 * execFileSync: a blocked event loop would stall anything else the test process serves. */
async function sluice(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)("npx", ["tsx", "scripts/sluice.ts", ...args], {
      cwd: root,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

interface PreviewJson {
  missingColumns: string[];
  rows: Array<{
    rowNumber: number;
    status: string;
    conversion?: Record<string, unknown>;
    reasons?: Array<{ field: string; code: string }>;
    warnings: Array<{ code: string }>;
  }>;
  problems: unknown[];
  summary: { rows: number; valid: number; invalid: number; withWarnings: number; problems: number };
}

describe("sluice preview (child process)", { timeout: 60_000 }, () => {
  it("prints each row's conversion or its reasons as JSON", async () => {
    const run = await sluice("preview", "--csv", csv, "--mapping", mapping, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as PreviewJson;
    expect(output.missingColumns).toEqual([]);
    expect(output.summary).toEqual({ rows: 6, valid: 3, invalid: 3, withWarnings: 1, problems: 0 });
    expect(output.rows.map((row) => [row.rowNumber, row.status])).toEqual([
      [1, "valid"],
      [2, "valid"],
      [3, "invalid"],
      [4, "invalid"],
      [5, "invalid"],
      [6, "valid"],
    ]);
    expect(output.rows[0]?.conversion).toEqual({
      conversion_time: "2024-05-01T14:15:00.000Z",
      event_id: "o87ne",
      identifiers: [
        { twclid: "23opevjt88psuo13lu8d020qkn" },
        { hashed_email: sha256Hex("jane.doe@example.com") },
        { hashed_phone_number: sha256Hex("+14155552671") },
        {
          ip_address: "8.25.197.25",
          user_agent:
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36",
        },
      ],
      value: 20,
      price_currency: "USD",
      number_items: 3,
      description: "Web order",
      contents: [{ content_id: "SKU-1", content_name: "Blankets", content_price: 10, num_items: 2 }],
      conversion_id: "A-1001",
    });
    expect(output.rows[1]?.conversion?.identifiers).toEqual([
      { hashed_email: "5806dc6b2f04fb728708a8f7b81c14edcd4fba36f77914cf0c9368d9a3a25f76" },
    ]);
    expect(output.rows[1]?.warnings.map((w) => w.code)).toEqual(["phone_invalid"]);
    expect(output.rows.slice(2, 5).map((row) => row.reasons?.map((r) => `${r.field}:${r.code}`))).toEqual([
      ["conversion_time:conversion_time_missing"],
      ["value:ambiguous_decimal_separator"],
      ["identifiers:identifier_missing"],
    ]);
    expect(output.rows[5]?.conversion).toMatchObject({
      conversion_time: "2024-05-02T09:00:00.000Z",
      value: 45.5,
      price_currency: "GBP",
    });
    // Only hashes leave the core: no raw email or phone anywhere in the output.
    for (const raw of ["Jane.Doe", "jane.doe", "bob@example.com", "carol@", "555-2671", "7946"])
      expect(run.stdout).not.toContain(raw);
  });

  it("honours --limit and lets flags override the file's destination", async () => {
    const run = await sluice(
      "preview",
      "--csv",
      csv,
      "--mapping",
      mapping,
      "--limit",
      "2",
      "--json",
      "--event-id",
      "tw-o8z6j-abc12",
    );
    const output = JSON.parse(run.stdout) as PreviewJson;
    expect(output.rows.map((row) => row.conversion?.event_id)).toEqual(["tw-o8z6j-abc12", "tw-o8z6j-abc12"]);
    expect(output.summary.rows).toBe(2);
  });

  it("prints a readable summary without --json", async () => {
    const run = await sluice("preview", "--csv", csv, "--mapping", mapping);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✓ row 1, line 2: 2024-05-01T14:15:00.000Z event o87ne, id A-1001");
    expect(run.stdout).toContain("- conversion_time [conversion_time_missing]");
    expect(run.stdout).toContain("6 rows: 3 would be sent, 3 invalid, 1 with warnings");
    expect(run.stdout).not.toContain("bob@example.com");
  });

  it("fails clearly on usage errors and bad mappings", async () => {
    const [missing, unknown, badMapping, noFile] = await Promise.all([
      sluice("preview", "--csv", csv),
      sluice("frobnicate"),
      sluice("preview", "--csv", csv, "--mapping", "lib/cli/fixtures/orders.csv"),
      sluice("preview", "--csv", "lib/cli/fixtures/nope.csv", "--mapping", mapping),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--mapping <file> is required");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain("cannot read CSV file lib/cli/fixtures/nope.csv");
    expect(badMapping.code).toBe(1);
    expect(badMapping.stderr).toContain("is not valid JSON");
  });
});
