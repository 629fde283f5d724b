// Before any other Next module, as Next's own server does: it provides AsyncLocalStorage.
import "next/dist/server/node-environment-baseline";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { encode } from "next-auth/jwt";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { createRequestStoreForAPI } from "next/dist/server/async-storage/request-store";
import { createWorkStore } from "next/dist/server/async-storage/work-store";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test, vi } from "vitest";
import * as versionRoute from "@/app/api/sources/[id]/csv/route";
import * as newSourceRoute from "@/app/api/sources/csv/route";
import { getDb } from "../../server/db";
import { watchConsoleErrors } from "../../testing/hostile-action-input";
import { CONTROL_CHARACTER_MESSAGE, isStorableText } from "../../validation/storable-text";
import { formatBytes } from "./csv-bytes";
import { CSV_UPLOAD_MAX_BYTES, type CsvUploadResponse } from "./csv-upload-protocol";

/**
 * Hostile values for every input of the CSV upload routes (`?name=`, X-Sluice-Filename,
 * Content-Length, the body, the source id in the path, the session and Origin), sent to the real
 * route modules inside Next's own request scope with a real next-auth session cookie for users
 * seeded in the database. Each answer is a 4xx with a specific message and nothing left behind,
 * or a 2xx whose stored values are read back from the database: never a 500, never a logged
 * error, never an unhandled rejection.
 */

// The route reads its database and session secret from the environment, as in production.
vi.stubEnv("DATABASE_URL", inject("databaseUrl"));
vi.stubEnv("NEXTAUTH_SECRET", randomBytes(32).toString("base64url"));
vi.stubEnv("SLUICE_ENCRYPTION_KEY", randomBytes(32).toString("base64"));
vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");

const ORIGIN = "http://localhost:3000";
const HOST = "localhost:3000";
const GOOD_CSV = "id,email\n1,a@example.com\n";
const TOO_LARGE = `The file is larger than the ${formatBytes(CSV_UPLOAD_MAX_BYTES)} limit.`;
const CHOOSE_FILE = "Choose a CSV file to upload.";
const EMPTY_FILE = "The file is empty: it needs a header line and rows.";
const NO_SOURCE = "This source no longer exists.";
// Controls as the name schema counts them (C0, DEL, C1): none belongs in a one-line label.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const tag = randomBytes(3).toString("hex");
const db = getDb();
const users: Record<"editor" | "viewer" | "disabled", { id: string; cookie: string }> = {
  editor: { id: "", cookie: "" },
  viewer: { id: "", cookie: "" },
  disabled: { id: "", cookie: "" },
};
let counter = 0;
const freshName = () => `Hostile ${tag} ${++counter}`;

async function sessionCookie(
  user: { id: string; email: string; name: string; sessionVersion: number },
  signedInAt = new Date(),
): Promise<string> {
  // As a sign-in issues it: the user's session version and the sign-in time (lib/users/sessions.ts).
  const token = await encode({
    token: {
      sub: user.id,
      email: user.email,
      name: user.name,
      sv: user.sessionVersion,
      authTime: Math.floor(signedInAt.getTime() / 1000),
    },
    secret: process.env.NEXTAUTH_SECRET ?? "",
  });
  return `next-auth.session-token=${token}`;
}

/** Runs a route's POST inside Next's own request scope, so `headers()`/`cookies()` (and with them
 * next-auth's getServerSession) read this request, as they do under `next start`. */
async function callRoute(request: NextRequest, sourceId?: string): Promise<Response> {
  const route = sourceId === undefined ? newSourceRoute : versionRoute;
  const workStore = createWorkStore({
    page: sourceId === undefined ? "/api/sources/csv/route" : "/api/sources/[id]/csv/route",
    renderOpts: { experimental: {} } as unknown as Parameters<typeof createWorkStore>[0]["renderOpts"],
    buildId: "test",
    deploymentId: "",
    previouslyRevalidatedTags: [],
  });
  workStore.forceDynamic = route.dynamic === "force-dynamic";
  const preview = { previewModeId: "", previewModeEncryptionKey: "", previewModeSigningKey: "" };
  const requestStore = createRequestStoreForAPI(
    request,
    request.nextUrl,
    { tags: [], expirationsByCacheKind: new Map() },
    undefined,
    preview,
    undefined,
  );
  return workUnitAsyncStorage.run(requestStore, () =>
    workAsyncStorage.run(workStore, () =>
      sourceId === undefined
        ? newSourceRoute.POST(request)
        : versionRoute.POST(request, { params: Promise.resolve({ id: sourceId }) }),
    ),
  );
}

interface UploadOptions {
  /** The raw query string, "?name=…"; by default a fresh, valid name. */
  query?: string;
  /** The raw X-Sluice-Filename value; null leaves the header out. */
  filename?: string | null;
  body?: BodyInit | null;
  headers?: Record<string, string>;
  /** The Cookie header; null sends none. */
  cookie?: string | null;
  origin?: string | null;
  /** Uploads a new version of this source instead of creating one. */
  sourceId?: string;
}

function buildRequest(options: UploadOptions): NextRequest {
  const path = options.sourceId === undefined ? "/api/sources/csv" : "/api/sources/x/csv";
  const query = options.query ?? `?name=${encodeURIComponent(freshName())}`;
  const headers = new Headers({ host: HOST, "content-type": "text/csv", ...options.headers });
  const cookie = options.cookie === undefined ? users.editor.cookie : options.cookie;
  if (cookie !== null) headers.set("cookie", cookie);
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin !== null) headers.set("origin", origin);
  const filename = options.filename === undefined ? "orders.csv" : options.filename;
  if (filename !== null) headers.set("x-sluice-filename", filename);
  const body = options.body === undefined ? GOOD_CSV : options.body;
  const init = { method: "POST", headers, body, duplex: "half" } as RequestInit;
  return new NextRequest(`${ORIGIN}${path}${query}`, init as ConstructorParameters<typeof NextRequest>[1]);
}

async function upload(options: UploadOptions = {}) {
  const request = buildRequest(options);
  const response = await callRoute(request, options.sourceId);
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = (await response.json()) as CsvUploadResponse;
  return { status: response.status, body, request };
}

async function snapshot() {
  const [sources, files, chunks, unownedFiles, unfinishedFiles, auditEvents] = await Promise.all([
    db.source.count(),
    db.csvFile.count(),
    db.csvFileChunk.count(),
    db.csvFile.count({ where: { source: { is: null } } }),
    db.csvFile.count({ where: { completedAt: null } }),
    db.auditEvent.count(),
  ]);
  return { sources, files, chunks, unownedFiles, unfinishedFiles, auditEvents };
}

type Result = Awaited<ReturnType<typeof upload>>;

/** A refusal: the status, code and message given, and the database exactly as before. */
async function expectRefused(
  result: Result,
  before: Awaited<ReturnType<typeof snapshot>>,
  status: number,
  code: string,
  message: string,
  field?: string,
) {
  expect({ status: result.status, body: result.body }).toEqual({
    status,
    body: { ok: false, code, message, ...(field ? { fieldErrors: { [field]: [message] } } : {}) },
  });
  expect(await snapshot()).toEqual(before);
}

/** A new source: what the response reports is what the database holds, file bytes included. */
async function expectCreated(result: Result, expected: { name?: string; filename: string; bytes?: Buffer }) {
  expect(result.status).toBe(201);
  if (!result.body.ok) throw new Error(`refused: ${result.body.message}`);
  const source = await db.source.findUniqueOrThrow({
    where: { id: result.body.data.sourceId },
    include: { csvFile: true },
  });
  if (expected.name !== undefined) expect(source.name).toBe(expected.name);
  expect(source.csvFile?.filename).toBe(expected.filename);
  expect(result.body.data.filename).toBe(expected.filename);
  const bytes = expected.bytes ?? Buffer.from(GOOD_CSV);
  expect(result.body.data.sizeBytes).toBe(bytes.length);
  expect(source.csvFile?.sizeBytes).toBe(BigInt(bytes.length));
  const chunks = await db.csvFileChunk.findMany({ where: { fileId: source.csvFileId! }, orderBy: { index: "asc" } });
  expect(Buffer.concat(chunks.map((chunk) => chunk.data))).toEqual(bytes);
  expect(source.csvFile?.completedAt).not.toBeNull();
  return source;
}

/** The stored file name is only ever displayed: one line, no path parts, storable as written. */
function expectSafeFilename(filename: string) {
  expect(filename.length).toBeGreaterThan(0);
  expect(filename.length).toBeLessThanOrEqual(200);
  expect(filename).not.toMatch(/[\\/]/);
  expect(filename).not.toMatch(CONTROL);
  expect(filename).toBe(filename.trim());
  expect(isStorableText(filename)).toBe(true);
}

async function removeUploads() {
  await db.source.deleteMany({ where: { createdById: users.editor.id } });
  await db.csvFile.deleteMany({ where: { uploadedById: users.editor.id } });
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
watchConsoleErrors();

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  for (const role of ["editor", "viewer", "disabled"] as const) {
    const user = await db.user.create({
      data: {
        email: `hostile-${role}-${tag}@example.com`,
        name: `Hostile ${role}`,
        passwordHash: "x",
        role: role === "viewer" ? "VIEWER" : "EDITOR",
        disabledAt: role === "disabled" ? new Date() : null,
      },
    });
    users[role] = { id: user.id, cookie: await sessionCookie(user) };
  }
});
afterEach(async () => {
  const rejections = unhandled.splice(0);
  await removeUploads();
  expect(rejections).toEqual([]);
  expect((await snapshot()).unownedFiles).toBe(0);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await db.$disconnect();
  vi.unstubAllEnvs();
});

describe("the session and the origin are checked before any input is read", () => {
  test.each<[string, { cookie?: string | null; as?: "viewer" | "disabled"; origin?: string }, number, string, string]>([
    ["no session cookie", { cookie: null }, 401, "UNAUTHENTICATED", "Your session has ended. Sign in again."],
    [
      "a forged session cookie",
      { cookie: "next-auth.session-token=%FF%00..__proto__" },
      401,
      "UNAUTHENTICATED",
      "Your session has ended. Sign in again.",
    ],
    ["a disabled user's session", { as: "disabled" }, 401, "UNAUTHENTICATED", "Your session has ended. Sign in again."],
    ["a viewer's session", { as: "viewer" }, 403, "FORBIDDEN", "This needs the editor role; you are a viewer."],
    [
      "a cross-site Origin",
      { origin: "https://evil.example" },
      403,
      "FORBIDDEN",
      "Uploads are only accepted from Sluice's own pages.",
    ],
    [
      "the opaque Origin of a sandboxed frame",
      { origin: "null" },
      403,
      "FORBIDDEN",
      "Uploads are only accepted from Sluice's own pages.",
    ],
    [
      "an Origin that is no URL",
      { origin: "%FF%C3%28" },
      403,
      "FORBIDDEN",
      "Uploads are only accepted from Sluice's own pages.",
    ],
    [
      "a look-alike Origin",
      { origin: "http://localhost:3000.evil.example" },
      403,
      "FORBIDDEN",
      "Uploads are only accepted from Sluice's own pages.",
    ],
  ])("%s", async (_label, { as, ...options }, status, code, message) => {
    const before = await snapshot();
    const cookie = as ? users[as].cookie : options.cookie;
    // Every other input is hostile too: the refusal must come first and say only this.
    const result = await upload({
      ...options,
      cookie,
      query: "?name=%00",
      filename: "%FF",
      headers: { "content-length": "1e309" },
      body: "",
    });
    await expectRefused(result, before, status, code, message);
  });

  test("a session that has ended is refused like none: its user's sessions were revoked, or it is past its lifetime", async () => {
    const editor = await db.user.findUniqueOrThrow({ where: { id: users.editor.id } });
    const refusals: Array<[string, string]> = [
      // Issued under the version before: the user signed out, changed password or role since.
      ["revoked", await sessionCookie({ ...editor, sessionVersion: editor.sessionVersion - 1 })],
      // Signed in 12 hours and a minute ago (SLUICE_SESSION_HOURS defaults to 12).
      ["expired", await sessionCookie(editor, new Date(Date.now() - 12 * 60 * 60 * 1000 - 60_000))],
      // Issued before sessions had versions: no sv or authTime claim at all.
      [
        "unversioned",
        `next-auth.session-token=${await encode({ token: { sub: editor.id, email: editor.email, name: editor.name }, secret: process.env.NEXTAUTH_SECRET ?? "" })}`,
      ],
    ];
    for (const [, cookie] of refusals) {
      const before = await snapshot();
      await expectRefused(
        await upload({ cookie }),
        before,
        401,
        "UNAUTHENTICATED",
        "Your session has ended. Sign in again.",
      );
    }
    // The same user's current cookie gets in, so the refusals are the session check alone.
    expect(
      (await upload({ cookie: await sessionCookie(editor, new Date(Date.now() - 11 * 60 * 60 * 1000)) })).status,
    ).toBe(201);
  });

  test("an Origin header without a Host header is refused", async () => {
    const before = await snapshot();
    const request = buildRequest({});
    request.headers.delete("host");
    const response = await callRoute(request);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      ok: false,
      code: "FORBIDDEN",
      message: "Uploads are only accepted from Sluice's own pages.",
    });
    expect(await snapshot()).toEqual(before);
  });
});

describe("?name= for a new source", () => {
  const tooLong = "Use at most 100 characters.";
  test.each([
    ["no query at all", "", "Enter a name."],
    ["an empty name", "?name=", "Enter a name."],
    ["whitespace only", "?name=%20%09%20%20", "Enter a name."],
    ["Unicode spaces only", "?name=%E3%80%80%C2%A0%EF%BB%BF", "Enter a name."],
    ["the key in another case", "?Name=Orders", "Enter a name."],
    ["the key as an array", "?name[]=Orders", "Enter a name."],
    ["a prototype key as the parameter", "?__proto__=Orders&constructor=Orders", "Enter a name."],
    ["a NUL", "?name=%00", CONTROL_CHARACTER_MESSAGE],
    ["a NUL inside", "?name=Orders%00.csv", CONTROL_CHARACTER_MESSAGE],
    ["a line break", "?name=Orders%0D%0ASet-Cookie:%20x", CONTROL_CHARACTER_MESSAGE],
    ["a terminal escape", "?name=%1B%5B31mOrders", CONTROL_CHARACTER_MESSAGE],
    ["a C1 control (CSI)", "?name=Orders%C2%9B31m", CONTROL_CHARACTER_MESSAGE],
    ["DEL", "?name=Orders%7F", CONTROL_CHARACTER_MESSAGE],
    ["101 characters", `?name=${"a".repeat(101)}`, tooLong],
    ["a million characters", `?name=${"a".repeat(1_000_000)}`, tooLong],
    ["101 emoji (counted as characters, not UTF-16 units)", `?name=${encodeURIComponent("😀".repeat(101))}`, tooLong],
  ])("refused: %s", async (_label, query, message) => {
    const before = await snapshot();
    await expectRefused(await upload({ query }), before, 422, "VALIDATION", message, "name");
  });

  test.each([
    ["invalid UTF-8 %C3%28 (decoded by the URL standard to U+FFFD)", "?name=%C3%28", "\uFFFD("],
    ["invalid UTF-8 %FF", "?name=Orders%FF", "Orders\uFFFD"],
    ["an encoded surrogate %ED%A0%80", "?name=%ED%A0%80", "\uFFFD\uFFFD\uFFFD"],
    ["a lone surrogate in the URL (sent as U+FFFD)", `?name=Orders\uD800`, "Orders\uFFFD"],
    ["a stray %", "?name=100%", "100%"],
    ["a broken escape", "?name=%zz", "%zz"],
    ["__proto__", "?name=__proto__", "__proto__"],
    ["constructor", "?name=constructor", "constructor"],
    ["hasOwnProperty", "?name=hasOwnProperty", "hasOwnProperty"],
    ["a number that overflows", "?name=1e309", "1e309"],
    ["NaN", "?name=NaN", "NaN"],
    ["hex", "?name=0x10", "0x10"],
    ["negative zero", "?name=-0", "-0"],
    ["path traversal (a name, not a path)", "?name=..%2F..%2Fetc%2Fpasswd", "../../etc/passwd"],
    ["a Windows path", "?name=C%3A%5Cx%5Cy.csv", "C:\\x\\y.csv"],
    ["padding is trimmed", "?name=%20%20Padded%20%E3%80%80", "Padded"],
    ["+ as a space", "?name=Orders+2024", "Orders 2024"],
    ["the first of two names", "?name=First&name=Second", "First"],
    ["100 emoji (100 characters, 200 UTF-16 units)", `?name=${encodeURIComponent("😀".repeat(100))}`, "😀".repeat(100)],
    ["non-Latin text", `?name=${encodeURIComponent("東京 naïve Ελλάδα")}`, "東京 naïve Ελλάδα"],
    ["LIKE wildcards only", "?name=%25", "%"],
    ["LIKE wildcards", "?name=_%25_", "_%_"],
  ])("stored as the normalised text: %s", async (_label, query, name) => {
    await expectCreated(await upload({ query }), { name, filename: "orders.csv" });
  });

  test("a name another source has, in any case, is refused and nothing is stored", async () => {
    const name = `Orders ${tag}`;
    await expectCreated(await upload({ query: `?name=${encodeURIComponent(name)}` }), { name, filename: "orders.csv" });
    const before = await snapshot();
    const clash = `ORDERS ${tag.toUpperCase()}`;
    const message = `A source named “${clash}” already exists. Choose another name.`;
    await expectRefused(
      await upload({ query: `?name=${encodeURIComponent(clash)}` }),
      before,
      409,
      "CONFLICT",
      message,
      "name",
    );
  });

  test("LIKE wildcards in a name match only themselves, not other sources' names", async () => {
    const name = `Wild ${tag}`;
    await expectCreated(await upload({ query: `?name=${encodeURIComponent(name)}` }), { name, filename: "orders.csv" });
    for (const lookalike of [`Wild_${tag}`, `W%`, `%`, `Wild ${tag.slice(0, 2)}%`, `Wild\\ ${tag}`]) {
      await expectCreated(await upload({ query: `?name=${encodeURIComponent(lookalike)}` }), {
        name: lookalike,
        filename: "orders.csv",
      });
    }
    // …and still clash with themselves, in any case.
    for (const again of [`WILD_${tag.toUpperCase()}`, "%", `wild\\ ${tag}`]) {
      const before = await snapshot();
      const message = `A source named “${again}” already exists. Choose another name.`;
      await expectRefused(
        await upload({ query: `?name=${encodeURIComponent(again)}` }),
        before,
        409,
        "CONFLICT",
        message,
        "name",
      );
    }
  });

  const nameUnit = fc.constantFrom(
    "a",
    "Z",
    "7",
    " ",
    "\t",
    "\u00a0",
    "\u3000",
    "\ufeff",
    "%",
    "+",
    "&",
    "=",
    "#",
    "/",
    "\\",
    ".",
    "_",
    "é",
    "東",
    "😀",
    "\u0000",
    "\n",
    "\r",
    "\u001b",
    "\u007f",
    "\u0085",
    "\u009b",
    "\u200b",
    "\u202e",
    "\ud800",
    "\udc00",
    "\ufffd",
    "__proto__",
  );
  test("any name: stored exactly as decoded and trimmed, or refused with the schema's message", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: nameUnit, maxLength: 60 }), fc.boolean(), async (raw, pad) => {
        const query = `?${new URLSearchParams({ name: pad ? ` ${raw} ` : raw })}`;
        const sent = new URL(`${ORIGIN}/${query}`).searchParams.get("name") ?? "";
        const trimmed = sent.trim();
        const before = await snapshot();
        const result = await upload({ query });
        if (trimmed === "") await expectRefused(result, before, 422, "VALIDATION", "Enter a name.", "name");
        else if ([...trimmed].length > 100) await expectRefused(result, before, 422, "VALIDATION", tooLong, "name");
        else if (CONTROL.test(trimmed))
          await expectRefused(result, before, 422, "VALIDATION", CONTROL_CHARACTER_MESSAGE, "name");
        else await expectCreated(result, { name: trimmed, filename: "orders.csv" });
        await removeUploads();
      }),
      { numRuns: 60 },
    );
  });
});

describe("X-Sluice-Filename", () => {
  test.each([
    ["no header", null],
    ["an empty header", ""],
    ["a whitespace-only header (trimmed away by HTTP)", " \t "],
  ])("refused: %s", async (_label, filename) => {
    const before = await snapshot();
    await expectRefused(await upload({ filename }), before, 422, "VALIDATION", CHOOSE_FILE, "file");
  });

  const emoji150 = "😀".repeat(150);
  test.each([
    ["plain, as the browser sends it", encodeURIComponent("orders 2024.csv"), "orders 2024.csv"],
    ["plain, not encoded", "orders.csv", "orders.csv"],
    ["path traversal, encoded", encodeURIComponent("../../etc/passwd"), "passwd"],
    ["path traversal, raw", "../../etc/passwd", "passwd"],
    ["path traversal, encoded dots", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "passwd"],
    ["a Windows path", encodeURIComponent("C:\\x\\y.csv"), "y.csv"],
    ["a Windows path, raw", "C:\\x\\y.csv", "y.csv"],
    ["a UNC path", encodeURIComponent("\\\\server\\share\\z.csv"), "z.csv"],
    ["only a directory", encodeURIComponent("../"), "upload.csv"],
    ["a NUL", "%00", "upload.csv"],
    ["a NUL before the name", "%00evil.csv", "evil.csv"],
    ["a NUL truncation trick", "evil.csv%00.txt", "evil.csv.txt"],
    ["line breaks and a tab", "a%0D%0Ab%09.csv", "ab.csv"],
    ["a terminal escape", "%1B%5B2Jorders.csv", "[2Jorders.csv"],
    ["a C1 control (CSI)", "orders%C2%9B31m.csv", "orders31m.csv"],
    ["a C1 next-line", "orders%C2%85.csv", "orders.csv"],
    ["DEL", "orders%7F.csv", "orders.csv"],
    ["encoded spaces only", "%20%20%20", "upload.csv"],
    ["encoded padding", "%20%20orders.csv%20", "orders.csv"],
    ["invalid UTF-8 %C3%28 (kept as sent)", "%C3%28.csv", "%C3%28.csv"],
    ["invalid UTF-8 %FF (kept as sent)", "%FF.csv", "%FF.csv"],
    ["an encoded surrogate (kept as sent)", "%ED%A0%80.csv", "%ED%A0%80.csv"],
    ["a stray %", "100%.csv", "100%.csv"],
    ["__proto__", "__proto__", "__proto__"],
    ["constructor", "constructor", "constructor"],
    ["a number that overflows", "1e309", "1e309"],
    ["NaN", "NaN", "NaN"],
    ["non-Latin-1 text, percent-encoded", encodeURIComponent("naïve résumé 東京 😀.csv"), "naïve résumé 東京 😀.csv"],
    [
      "an RFC 5987 ext-value (not special-cased: its text is decoded)",
      "UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.csv",
      "UTF-8''naïve résumé.csv",
    ],
    [
      "raw UTF-8 bytes (HTTP reads a header as Latin-1)",
      Buffer.from("café.csv", "utf8").toString("latin1"),
      "cafÃ©.csv",
    ],
    ["a million characters", encodeURIComponent("x".repeat(1_000_000) + ".csv"), "x".repeat(200)],
    ["150 emoji: cut at 200 UTF-16 units, between two of them", encodeURIComponent(emoji150), "😀".repeat(100)],
    [
      "an odd cut never splits an emoji into a lone surrogate",
      encodeURIComponent(`a${emoji150}`),
      `a${"😀".repeat(99)}`,
    ],
  ])("stored as the normalised name: %s", async (_label, filename, stored) => {
    const result = await expectCreated(await upload({ filename }), { filename: stored });
    expectSafeFilename(result.csvFile!.filename);
  });

  const fileUnit = fc.constantFrom(
    "a",
    "Z",
    "7",
    ".",
    "-",
    "_",
    " ",
    "/",
    "\\",
    "..",
    "%",
    "~",
    ":",
    "é",
    "東",
    "😀",
    "\u00a0",
    "\u3000",
    "\ufeff",
    "\u200b",
    "\u0000",
    "\u0001",
    "\t",
    "\n",
    "\r",
    "\u001b",
    "\u007f",
    "\u0085",
    "\u009b",
    "\ud800",
    "\udfff",
    "\ufffd",
    "__proto__",
  );
  // What a browser's File.name can be: encodeURIComponent refuses half a surrogate pair.
  const wellFormed = (text: string) =>
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  const latin1 = fc.string({
    unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)),
    maxLength: 250,
  });
  const percentBytes = fc
    .array(fc.integer({ min: 0, max: 255 }), { maxLength: 60 })
    .map((bytes) => bytes.map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join(""));
  const headerValue = fc.oneof(
    fc
      .string({ unit: fileUnit, maxLength: 260 })
      .map(wellFormed)
      .map((name) => ({ header: encodeURIComponent(name), name })),
    latin1.map((header) => ({ header, name: undefined })),
    percentBytes.map((header) => ({ header, name: undefined })),
  );
  test("any header value: a safe display name, exactly the sent one when it already was safe", async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async ({ header, name }) => {
        const before = await snapshot();
        const request = buildRequest({ filename: header });
        const seen = request.headers.get("x-sluice-filename") ?? "";
        const response = await callRoute(request);
        const result = { status: response.status, body: (await response.json()) as CsvUploadResponse, request };
        if (seen === "") {
          await expectRefused(result, before, 422, "VALIDATION", CHOOSE_FILE, "file");
          return;
        }
        expect(result.status).toBe(201);
        if (!result.body.ok) throw new Error(result.body.message);
        const file = await db.csvFile.findFirstOrThrow({ where: { source: { id: result.body.data.sourceId } } });
        expect(file.filename).toBe(result.body.data.filename);
        expectSafeFilename(file.filename);
        const alreadySafe =
          name !== undefined &&
          name.length <= 200 &&
          name === name.trim() &&
          !/[\\/]/.test(name) &&
          !CONTROL.test(name) &&
          name.trim() !== "";
        if (alreadySafe) expect(file.filename).toBe(name);
        await removeUploads();
      }),
      { numRuns: 80 },
    );
  });
});

describe("Content-Length", () => {
  test.each(["1e309", "Infinity", String(CSV_UPLOAD_MAX_BYTES + 1), "0x20000001", "99999999999999999999999999"])(
    "%s is refused before a byte is read",
    async (declared) => {
      const before = await snapshot();
      const result = await upload({ headers: { "content-length": declared } });
      await expectRefused(result, before, 413, "VALIDATION", TOO_LARGE);
      expect(result.request.bodyUsed).toBe(false);
    },
  );

  test.each([
    "-1",
    "-1e309",
    "NaN",
    "abc",
    "0x10",
    "",
    "0",
    "1",
    "25, 25",
    "1_000",
    String(CSV_UPLOAD_MAX_BYTES),
    "__proto__",
  ])("%j: the real length counts, not the declared one", async (declared) => {
    await expectCreated(await upload({ headers: { "content-length": declared } }), { filename: "orders.csv" });
  });

  const declared = fc.oneof(
    fc.integer().map(String),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
    fc.double().map(String),
    fc.integer({ min: 0 }).map((value) => `0x${value.toString(16)}`),
    fc.constantFrom("NaN", "Infinity", "-Infinity", "1e309", "0b1", "0o7", " 12 ", "1_000", "", "+5", ".5e3"),
    fc.string({ unit: fc.constantFrom("0", "1", "9", "e", "E", "+", "-", ".", "x", " ", ","), maxLength: 12 }),
  );
  test("any declared size: refused up front exactly when it is a number over the limit", async () => {
    await fc.assert(
      fc.asyncProperty(declared, async (value) => {
        const before = await snapshot();
        const result = await upload({ headers: { "content-length": value } });
        const seen = Number(result.request.headers.get("content-length") ?? "");
        if (seen > CSV_UPLOAD_MAX_BYTES) await expectRefused(result, before, 413, "VALIDATION", TOO_LARGE);
        else await expectCreated(result, { filename: "orders.csv" });
        await removeUploads();
      }),
      { numRuns: 60 },
    );
  });
});

describe("the body", () => {
  test("no body at all", async () => {
    const before = await snapshot();
    await expectRefused(await upload({ body: null }), before, 422, "VALIDATION", EMPTY_FILE);
  });

  test("an empty body leaves no file behind", async () => {
    const before = await snapshot();
    await expectRefused(await upload({ body: "" }), before, 422, "VALIDATION", EMPTY_FILE, "file");
  });

  test.each([
    ["only a byte order mark", "\uFEFF"],
    ["only line breaks", "\n\r\n\n"],
  ])("%s is an empty file", async (_label, body) => {
    const before = await snapshot();
    await expectRefused(await upload({ body }), before, 422, "VALIDATION", EMPTY_FILE, "file");
  });

  test("a UTF-16 file is refused with what to do", async () => {
    const before = await snapshot();
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,email\n1,a@example.com\n", "utf16le")]);
    const message = 'The file is encoded as UTF-16. Save it as "CSV UTF-8" and upload it again.';
    await expectRefused(await upload({ body }), before, 422, "VALIDATION", message, "file");
  });

  test("a body that breaks off mid-upload (the browser went away) leaves nothing behind", async () => {
    const before = await snapshot();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("id,email\n1,a@example.com\n"));
        controller.error(new TypeError("terminated"));
      },
    });
    const result = await upload({ body });
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
    expect(result.body).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("the source id of a new version", () => {
  async function csvSource() {
    const created = await upload({});
    if (!created.body.ok) throw new Error(created.body.message);
    return db.source.findUniqueOrThrow({ where: { id: created.body.data.sourceId } });
  }

  test.each([
    ["an unknown id", "missing"],
    ["an empty id", ""],
    ["a space", " "],
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
    ["path traversal", "../../etc/passwd"],
    ["a Windows path", "C:\\x\\y"],
    ["hex", "0x10"],
    ["a negative number", "-1"],
    ["NaN", "NaN"],
    ["a number that overflows", "1e309"],
    ["a still-encoded NUL", "%00"],
    ["a NUL (Next decodes %00 in the path)", "\u0000"],
    ["a NUL inside", "cm\u0000x"],
    ["a lone surrogate", "\ud800"],
    ["a million characters", "x".repeat(1_000_000)],
  ])("%s: refused, the existing source keeps its file", async (_label, sourceId) => {
    const source = await csvSource();
    const before = await snapshot();
    await expectRefused(await upload({ sourceId, filename: "%00..%2Fnew.csv" }), before, 404, "NOT_FOUND", NO_SOURCE);
    expect((await db.source.findUniqueOrThrow({ where: { id: source.id } })).csvFileId).toBe(source.csvFileId);
  });

  test("a Postgres source takes no file", async () => {
    const pg = await db.source.create({ data: { name: `PG ${tag}`, kind: "POSTGRES", createdById: users.editor.id } });
    const before = await snapshot();
    await expectRefused(
      await upload({ sourceId: pg.id }),
      before,
      409,
      "CONFLICT",
      "Only a CSV source takes an uploaded file.",
    );
  });

  test("a hostile file name on a new version is normalised; the ?name= is ignored; the old file is gone", async () => {
    const source = await csvSource();
    const result = await upload({
      sourceId: source.id,
      query: "?name=%00",
      filename: "..%2F..%2Fv2%00%C2%9B.csv",
      body: "id,email,value\n2,b@example.com,9\n",
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      ok: true,
      data: { sourceId: source.id, created: false, filename: "v2.csv", removedColumns: [] },
    });
    const after = await db.source.findUniqueOrThrow({ where: { id: source.id }, include: { csvFile: true } });
    expect(after.name).toBe(source.name);
    expect(after.csvFile?.filename).toBe("v2.csv");
    expect(await db.csvFile.findUnique({ where: { id: source.csvFileId! } })).toBeNull();
  });

  test("an empty new version is refused and the source keeps its file", async () => {
    const source = await csvSource();
    const before = await snapshot();
    await expectRefused(await upload({ sourceId: source.id, body: "" }), before, 422, "VALIDATION", EMPTY_FILE, "file");
    expect((await db.source.findUniqueOrThrow({ where: { id: source.id } })).csvFileId).toBe(source.csvFileId);
  });
});
