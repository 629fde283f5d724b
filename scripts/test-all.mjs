// `npm test`: every check, in the order that fails fastest. Each step's own output is shown; the
// last line sums up the test counts of every runner ("N passed, N failed").
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const results = "test-results";
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
// A second Node (CI sets SLUICE_TEST_NODE24 to Node 24 LTS): the unit tests run on it too.
const otherNode = env.SLUICE_TEST_NODE24 && existsSync(env.SLUICE_TEST_NODE24) ? env.SLUICE_TEST_NODE24 : null;
const otherVersion = otherNode ? spawnSync(otherNode, ["--version"], { encoding: "utf8" }).stdout.trim() : null;
const database = env.DATABASE_URL ? `PostgreSQL at ${new URL(env.DATABASE_URL).host}` : "embedded PGlite (DATABASE_URL unset)";

const steps = [
  { name: "lint", cmd: ["npx", "eslint", "."] },
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
  { name: "unit tests", cmd: ["npx", "vitest", "run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/unit.json`], report: `${results}/unit.json`, kind: "vitest" },
  ...(otherNode
    ? [{ name: `unit tests on Node ${otherVersion}`, cmd: [otherNode, "node_modules/vitest/vitest.mjs", "run", "--project", "unit", "--reporter=dot", "--reporter=json", `--outputFile.json=${results}/unit-node24.json`], report: `${results}/unit-node24.json`, kind: "vitest" }]
    : []),
  { name: `integration tests (${database})`, cmd: ["npx", "vitest", "run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/integration.json`], report: `${results}/integration.json`, kind: "vitest" },
  { name: "end-to-end tests (production build, Chromium)", cmd: ["npx", "playwright", "test", "--reporter=list,json"], env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/e2e.json` }, report: `${results}/e2e.json`, kind: "playwright" },
  { name: "smoke: npm start with no database server (embedded PGlite), crashed parts restarted", cmd: ["npx", "tsx", "scripts/smoke-start.ts"] },
];

function counts(step) {
  if (!step.report || !existsSync(step.report)) return { passed: 0, failed: 0 };
  const report = JSON.parse(readFileSync(step.report, "utf8"));
  if (step.kind === "vitest") return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
  return { passed: report.stats?.expected ?? 0, failed: (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0) };
}

const total = { passed: 0, failed: 0 };
const started = Date.now();
let failedStep = null;
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const t0 = Date.now();
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: "inherit", env: { ...env, ...step.env } });
  const { passed, failed } = counts(step);
  total.passed += passed;
  total.failed += failed;
  console.log(`=== ${step.name}: ${result.status === 0 ? "ok" : `FAILED (exit ${result.status ?? result.signal})`} in ${Math.round((Date.now() - t0) / 1000)} s ===`);
  if (result.status !== 0) {
    failedStep = step.name;
    if (!step.report) total.failed += 1;
    break;
  }
}
console.log(`\nAll checks ${failedStep ? `stopped at: ${failedStep}` : "passed"} in ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(failedStep ? 1 : 0);
