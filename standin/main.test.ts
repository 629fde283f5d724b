import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The command-line entry as the demo and the benchmarks run it: a real child process.
const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

function launch(args: string[], env: Record<string, string> = {}) {
  const child = spawn(tsx, ["standin/main.ts", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", () => reject(new Error(`exited before listening: ${output}`)));
  });
  url.catch(() => undefined); // tests that expect an early exit never await the URL
  return { child, url, output: () => output };
}

describe("standin/main.ts", () => {
  it("prints its URL, serves, and exits cleanly on SIGTERM", { timeout: 30_000 }, async () => {
    const { child, url, output } = launch(["--port", "0"]);
    const base = await url;
    expect(await (await fetch(`${base}/_standin/health`)).json()).toEqual({ ok: true });
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(output()).toContain("stopping the X stand-in");
  });

  it("reads STANDIN_PORT and refuses a port that is not a number", { timeout: 30_000 }, async () => {
    const bad = launch([], { STANDIN_PORT: "http" });
    const [code] = await once(bad.child, "exit");
    expect(code).toBe(1);
    expect(bad.output()).toContain('invalid port "http"');
  });
});
