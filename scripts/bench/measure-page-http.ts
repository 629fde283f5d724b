import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Db } from "../../lib/db/client";
import { hashPassword } from "../../lib/users/password";
import { buildIfStale } from "../lib/build-if-stale";
import { waitForHttp } from "../lib/wait-for-http";
import { summarise, type TimingSummary } from "./measure-page-reads";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The history and run pages as a signed-in person gets them: the production build, served as
 * `npm start` serves it (`scripts/web-server.mjs`, built first if stale) on the benchmark's
 * database, an owner signed in through the real sign-in, and each page requested `repeat` times.
 * The time is from sending the request to the last byte of the server-rendered HTML, on
 * loopback: the server's time.
 */
export async function measurePagesOverHttp(
  db: Db,
  input: {
    databaseUrl: string;
    encryptionKey: string;
    port: number;
    pages: Array<{ name: string; path: string }>;
    repeat: number;
    log: (line: string) => void;
  },
): Promise<TimingSummary[]> {
  const baseUrl = `http://127.0.0.1:${input.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: input.databaseUrl,
    SLUICE_ENCRYPTION_KEY: input.encryptionKey,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: baseUrl,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  await buildIfStale(env, input.log);
  const server = spawn(process.execPath, ["scripts/web-server.mjs", "-H", "127.0.0.1", "-p", String(input.port)], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForHttp(`${baseUrl}/api/health`, 120_000);
    const email = `bench-${randomBytes(4).toString("hex")}@example.com`;
    const password = randomBytes(12).toString("hex");
    await db.user.create({
      data: { email, name: "Benchmark", role: "OWNER", passwordHash: await hashPassword(password) },
    });
    const cookie = await signIn(baseUrl, email, password);
    const results: TimingSummary[] = [];
    for (const page of input.pages) {
      const samples: number[] = [];
      for (let i = 0; i <= input.repeat; i += 1) {
        const started = process.hrtime.bigint();
        const response = await fetch(`${baseUrl}${page.path}`, { headers: { cookie }, redirect: "manual" });
        const html = await response.text();
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (response.status !== 200) throw new Error(`${page.path} answered ${response.status}`);
        if (!html.includes("</html>")) throw new Error(`${page.path} sent no whole page`);
        if (i > 0) samples.push(ms); // the first request of each page warms it
      }
      results.push(summarise(`${page.name} (HTTP)`, samples));
    }
    return results;
  } finally {
    server.kill("SIGTERM");
  }
}

/** next-auth's credentials sign-in, as the sign-in form does it: CSRF token, then the callback. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiesOf(csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  const session = cookiesOf(response);
  if (!session.includes("session-token")) throw new Error(`sign-in failed (${response.status})`);
  return `${csrfCookie}; ${session}`;
}

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}
