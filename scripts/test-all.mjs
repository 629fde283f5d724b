// `npm test`: every check, in the order that fails fastest. Each step's own output is shown; the
// last line sums up the test counts of every runner ("N passed, N failed").
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const results = "test-results";
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
// A second Node (CI sets SLUICE_TEST_NODE24 to Node 24 LTS): the unit tests run on it too, and the
// integration tests run on it instead of this one. Both integration runs at once did not fit CI's
// 30 minutes on a slow 2-core machine; the end-to-end and smoke tests keep this Node's app honest.
const otherNode = env.SLUICE_TEST_NODE24 && existsSync(env.SLUICE_TEST_NODE24) ? env.SLUICE_TEST_NODE24 : null;
const otherVersion = otherNode ? spawnSync(otherNode, ["--version"], { encoding: "utf8" }).stdout.trim() : null;
const integrationOn = `Node ${otherVersion ?? process.version}`;
const database = env.DATABASE_URL
  ? `PostgreSQL at ${new URL(env.DATABASE_URL).host}`
  : "embedded PGlite (DATABASE_URL unset)";

/** One Vitest project's run on `node` (the npx one when null), with the JSON report its counts come from. */
function vitest(node, project, reporter, report) {
  return {
    cmd: [
      ...(node ? [node, "node_modules/vitest/vitest.mjs"] : ["npx", "vitest"]),
      "run",
      "--project",
      project,
      `--reporter=${reporter}`,
      "--reporter=json",
      `--outputFile.json=${report}`,
    ],
    report,
    kind: "vitest",
  };
}

const steps = [
  { name: "lint", cmd: ["npx", "eslint", "."] },
  { name: "format check (Prettier)", cmd: ["npx", "prettier", "--check", "."] },
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
  { name: "unit tests", ...vitest(null, "unit", "default", `${results}/unit.json`) },
  ...(otherNode
    ? [
        {
          name: `unit tests on Node ${otherVersion}`,
          ...vitest(otherNode, "unit", "dot", `${results}/unit-node24.json`),
        },
      ]
    : []),
  // The integration tests and the end-to-end tests at once: each keeps about one of CI's two cores
  // busy (the integration tests mostly wait on PostgreSQL, HTTP and timers), and each makes its
  // own databases and servers. The integration tests' output goes to a file, shown when they end,
  // so the two do not interleave.
  {
    name: `end-to-end tests (production build, Chromium), with the integration tests (${database}, ${integrationOn}) beside them`,
    cmd: ["npx", "playwright", "test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/e2e.json` },
    report: `${results}/e2e.json`,
    kind: "playwright",
    beside: {
      label: `integration tests on ${integrationOn}`,
      ...vitest(otherNode, "integration", "dot", `${results}/integration.json`),
      log: `${results}/integration.log`,
    },
  },
  {
    name: "smoke: npm start with no database server (embedded PGlite), crashed parts restarted",
    cmd: ["npx", "tsx", "scripts/smoke-start.ts"],
  },
];

/** What one runner's JSON report counts; nothing when it wrote none. */
function reportCounts({ report, kind }) {
  if (!report || !existsSync(report)) return { passed: 0, failed: 0 };
  const json = JSON.parse(readFileSync(report, "utf8"));
  if (kind === "vitest") return { passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0 };
  return { passed: json.stats?.expected ?? 0, failed: (json.stats?.unexpected ?? 0) + (json.stats?.flaky ?? 0) };
}

/** A step's counts, with those of the suite run beside it. */
function counts(step) {
  const own = reportCounts(step);
  if (!step.beside) return own;
  const other = reportCounts(step.beside);
  return { passed: own.passed + other.passed, failed: own.failed + other.failed };
}

function run(cmd, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: "inherit", env: { ...env, ...extraEnv } });
    child.on("close", (status, signal) => resolve({ status, signal }));
  });
}

function startBeside(beside) {
  const out = createWriteStream(beside.log);
  const child = spawn(beside.cmd[0], beside.cmd.slice(1), { stdio: ["ignore", "pipe", "pipe"], env });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  return {
    done: new Promise((resolve) => child.on("close", (code, signal) => out.end(() => resolve(code ?? signal)))),
  };
}

const total = { passed: 0, failed: 0 };
const started = Date.now();
let failedStep = null;
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const t0 = Date.now();
  const beside = step.beside ? startBeside(step.beside) : null;
  // Not spawnSync: the step beside it needs this event loop to carry its output to its log.
  const result = await run(step.cmd, step.env);
  if (beside) {
    const status = await beside.done;
    console.log(`\n--- ${step.beside.label} (${step.beside.log}) ---`);
    const log = readFileSync(step.beside.log, "utf8").trimEnd().split("\n");
    // The whole log when it failed, its summary when it passed.
    console.log((status === 0 ? log.slice(-8) : log).join("\n"));
    if (status !== 0 && result.status === 0) result.status = status;
  }
  const { passed, failed } = counts(step);
  total.passed += passed;
  total.failed += failed;
  console.log(
    `=== ${step.name}: ${result.status === 0 ? "ok" : `FAILED (exit ${result.status ?? result.signal})`} in ${Math.round((Date.now() - t0) / 1000)} s ===`,
  );
  if (result.status !== 0) {
    failedStep = step.name;
    if (!step.report) total.failed += 1;
    break;
  }
}
console.log(
  `\nAll checks ${failedStep ? `stopped at: ${failedStep}` : "passed"} in ${Math.round((Date.now() - started) / 1000)} s.`,
);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(failedStep ? 1 : 0);
