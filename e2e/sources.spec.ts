import { expect, test, type Page } from "@playwright/test";
import { seedUser, withDb } from "./support/db";
import { callServerAction, signIn } from "./support/session";
import {
  deleteDestination,
  e2eSourceUrl,
  seedCsvSource,
  seedDestinationUsing,
  seedPostgresSource,
  sourceRow,
} from "./support/sources";

const SCREENS = "test-results/screens";
const unique = (label: string) => `${label} ${Date.now().toString(36)}`;

async function signInAs(page: Page, role: "OWNER" | "EDITOR" | "VIEWER") {
  const user = await seedUser(role);
  await signIn(page, user.email, user.password);
  return user;
}

async function sourceNamed(name: string): Promise<string | null> {
  return withDb(
    async (client) =>
      (await client.query<{ id: string }>(`SELECT id FROM "Source" WHERE name = $1`, [name])).rows[0]?.id ?? null,
  );
}

async function newPostgresSource(
  page: Page,
  values: { name: string; connectionString: string; query: string; timeout?: string },
) {
  await page.goto("/sources/new");
  await page.getByLabel("Name").fill(values.name);
  await page.getByLabel("Connection string").fill(values.connectionString);
  await page.getByLabel("Query").fill(values.query);
  if (values.timeout) await page.getByLabel("Time limit (seconds)").fill(values.timeout);
  await page.getByRole("button", { name: "Save source" }).click();
}

test("the demo source is there from the start", async ({ page }) => {
  await signInAs(page, "VIEWER");
  await page.goto("/sources");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Demo orders" }) });
  await expect(row).toContainText("PostgreSQL query");
  await expect(row.getByRole("cell").nth(2)).toHaveText("10");
});

test("an editor creates a Postgres source on demo_conversions and sees its columns and sample rows", async ({
  page,
}) => {
  await signInAs(page, "EDITOR");
  await page.goto("/sources");
  await page.getByRole("link", { name: "New source" }).first().click();
  await expect(page.getByRole("link", { name: /PostgreSQL query/ })).toHaveAttribute("aria-current", "page");
  const name = unique("Shop orders");
  await newPostgresSource(page, {
    name,
    connectionString: e2eSourceUrl("e2e-secret-pw"),
    query: "SELECT order_id, email, phone, value, ordered_at\nFROM demo_conversions\nORDER BY order_id",
  });

  await expect(page).toHaveURL(/\/sources\/[^/?]+\?preview=1$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const columns = page.getByRole("list", { name: "Columns" });
  await expect(columns.getByRole("listitem")).toHaveText([
    "order_id text",
    "email text",
    "phone text",
    "value number",
    "ordered_at date-time",
  ]);
  const sample = page.getByRole("table", { name: "Sample rows" });
  await expect(sample.locator("tbody tr")).toHaveCount(20);
  await expect(sample.locator("tbody tr").first()).toContainText("ORD-100001");

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connection works")).toBeVisible();
  await expect(page.getByText(/Connected to “.+” as “postgres”/)).toBeVisible();
  // The password is never sent back: only the masked form.
  expect(await page.content()).not.toContain("e2e-secret-pw");
  await expect(page.getByText(/postgres:•••@/).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/sources-01-postgres-detail.png`, fullPage: true });

  await page.goto("/sources");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
  await expect(row).toContainText("5");
  await expect(row).toContainText("No destinations");
  await page.screenshot({ path: `${SCREENS}/sources-02-list.png`, fullPage: true });
});

test("a bad query, a write, a refused connection and a timeout each show their reason, and nothing is saved", async ({
  page,
}) => {
  await signInAs(page, "EDITOR");
  const name = unique("Broken");
  await newPostgresSource(page, {
    name,
    connectionString: e2eSourceUrl(),
    query: "SELECT order_id FORM demo_conversions",
  });
  const queryError = page.locator("#new-query-error");
  await expect(queryError).toContainText(/syntax error at or near "demo_conversions" \(line 1, column 22\)/i);
  await expect(page.getByText("^")).toBeVisible();
  await expect(page.getByLabel("Query")).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: `${SCREENS}/sources-03-syntax-error.png`, fullPage: true });

  await page.getByLabel("Query").fill("DELETE FROM demo_conversions");
  await page.getByRole("button", { name: "Save source" }).click();
  await expect(queryError).toHaveText(
    "Sluice only reads from your database, so DELETE statements are refused. Write a SELECT instead.",
  );

  await page.getByLabel("Query").fill("SELECT pg_sleep(10)");
  await page.getByLabel("Time limit (seconds)").fill("1");
  await page.getByRole("button", { name: "Save source" }).click();
  await expect(queryError).toContainText("The query ran longer than the 1-second limit and was cancelled.", {
    timeout: 20_000,
  });

  await page.getByLabel("Query").fill("SELECT 1");
  await page.getByLabel("Connection string").fill("postgresql://reader:pw@127.0.0.1:1/shop");
  await page.getByRole("button", { name: "Save source" }).click();
  await expect(page.locator("#new-connection-error")).toHaveText(
    "Could not connect to 127.0.0.1:1. Check the host and port, and that the server accepts connections from Sluice.",
  );
  await expect(page).toHaveURL(/\/sources\/new$/);

  await page.goto("/sources");
  await expect(page.getByRole("link", { name })).toHaveCount(0);
});

test("an editor uploads an awkward CSV, sees its columns, rows and skipped lines (one not UTF-8), then uploads a new version", async ({
  page,
}) => {
  await signInAs(page, "EDITOR");
  await page.goto("/sources/new");
  await page.getByRole("link", { name: /CSV upload/ }).click();
  // Both kinds of source have a Name field: wait until the CSV form has replaced the query form.
  await expect(page).toHaveURL(/kind=csv/);
  await expect(page.getByLabel("CSV file")).toBeAttached();
  const name = unique("Store export");
  await page.getByLabel("Name").fill(name);
  const awkward = [
    "\uFEFForder_id;email;note;value",
    '1001;  Jane.Doe@Example.com ;"Gift; wrapped";19,90',
    '1002;john@example.org;"Line one\r\nline two";5',
    "1003;a broken line",
    "1004;ana@example.net;;42",
    "",
  ].join("\r\n");
  // And a line saved in Latin-1 by some other tool: "é" as the single byte 0xE9, not UTF-8.
  const latin1Line = Buffer.concat([
    Buffer.from("1005;", "utf8"),
    Buffer.from([0xe9]),
    Buffer.from("mile@example.com;;7\r\n", "utf8"),
  ]);
  await page.getByLabel("CSV file").setInputFiles({
    name: "orders export.csv",
    mimeType: "text/csv",
    buffer: Buffer.concat([Buffer.from(awkward, "utf8"), latin1Line]),
  });
  await expect(page.getByText("orders export.csv")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(name);
  await page.getByRole("button", { name: "Upload and create source" }).click();

  await expect(page).toHaveURL(/\/sources\/[^/?]+\?preview=1$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("list", { name: "Columns" }).getByRole("listitem")).toHaveText([
    "order_id number",
    "email text",
    "note text",
    "value text",
  ]);
  const sample = page.getByRole("table", { name: "Sample rows" });
  await expect(sample.locator("tbody tr")).toHaveCount(3);
  // E-mails are masked (as everywhere on the page); other cells keep their stray spaces.
  await expect(sample.locator("tbody tr").nth(0).locator("td")).toHaveText([
    "1",
    "2",
    "1001",
    "J•••@E•••.com",
    "Gift; wrapped",
    "19,90",
  ]);
  await expect(sample.locator("tbody tr").nth(2).locator("td")).toHaveText([
    "3",
    "6",
    "1004",
    "a•••@e•••.net",
    "empty",
    "42",
  ]);
  await expect(page.getByText("2 lines were skipped")).toBeVisible();
  await expect(page.getByText("Line 5 has 2 values but the header has 4 columns; it was skipped.")).toBeVisible();
  await expect(page.getByText("Line 7 is not valid UTF-8 text (byte 0xE9 at column 6); it was skipped.")).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/sources-04-csv-detail.png`, fullPage: true });

  // A new version, big enough for the progress bar to move; the "note" column is gone from it.
  const rows = [
    "order_id,email,value",
    ...Array.from(
      { length: 60_000 },
      (_, index) => `${2000 + index},buyer${index}@example.com,${(index % 90) + 10}.50`,
    ),
  ];
  await page
    .getByLabel("New version of the file")
    .setInputFiles({ name: "orders-v2.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n"), "utf8") });
  await page.getByRole("button", { name: "Upload new version" }).click();
  const progress = page.getByRole("progressbar", { name: "Uploading orders-v2.csv" });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(page.getByText("Upload complete")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("New version in use")).toBeVisible();
  await expect(page.getByText(/Columns no longer in the file: note/)).toBeVisible();
  await expect(page.getByText("orders-v2.csv").last()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/sources-05-csv-new-version.png`, fullPage: true });

  await page.getByRole("button", { name: "Preview rows" }).click();
  await expect(sample.locator("tbody tr").first().locator("td")).toHaveText([
    "1",
    "2",
    "2000",
    "b•••@e•••.com",
    "10.50",
  ]);
});

test("sample rows never show a viewer a raw e-mail, phone or IP address, in the page or in what the server sends", async ({
  page,
}) => {
  const raw = {
    email: "Jane.Doe@Example.com",
    phone: "+1 (415) 555-0123",
    ipv4: "203.0.113.77",
    ipv6: "2001:db8:85a3::8a2e:370:7334",
    emailInText: "call.me@shop.example.org",
    phoneByName: "4155550199",
    ipByName: "198.51.100.23",
  };
  // Columns with neutral names (masked by the shape of their values) and named ones (masked whatever the value).
  const csv = [
    "order_id,customer,reach,origin,origin6,note,mobile,client_ip",
    `ORD-1,${raw.email},${raw.phone},${raw.ipv4},${raw.ipv6},"Ask ${raw.emailInText} first",${raw.phoneByName},${raw.ipByName}`,
    "ORD-2,,,,,plain note,,",
  ].join("\n");
  const source = await seedCsvSource({ csv, name: unique("Identifiers") });
  await signInAs(page, "VIEWER");
  const opened = await page.goto(`/sources/${source.id}`);
  const html = await opened!.text();
  await page.getByRole("button", { name: "Preview rows" }).click();
  const sample = page.getByRole("table", { name: "Sample rows" });
  await expect(sample.locator("tbody tr")).toHaveCount(2);
  await expect(sample.locator("tbody tr").first().locator("td")).toHaveText([
    "1",
    "2",
    "ORD-1",
    "J•••@E•••.com",
    "•••• 23",
    "•••.•••.•••.77",
    "••••:…:7334",
    "Ask c•••@s•••.org first",
    "•••• 99",
    "•••.•••.•••.23",
  ]);
  await page.screenshot({ path: `${SCREENS}/sources-07-masked-identifiers.png`, fullPage: true });

  // What the server sends the viewer: the page, and the preview action's answer, called here with
  // the viewer's session as the button does (the browser's copy of a streamed answer is not readable).
  const action = await callServerAction(page.context().request, `/sources/${source.id}`, "previewSourceAction", [
    null,
    { sourceId: source.id, limit: 20 },
  ]);
  expect(action.status).toBe(200);
  expect(action.body).toContain("•••.•••.•••.77");
  const everything = [html, action.body, await page.content()].join("\n");
  for (const [what, value] of Object.entries(raw)) {
    expect(everything, what).not.toContain(value);
    expect(everything.toLowerCase(), what).not.toContain(value.toLowerCase());
  }
  // Nor the digits of the phone numbers, in any spelling.
  expect(everything).not.toMatch(/4\D?1\D?5\D{0,2}5\D?5\D?5\D?0\D?1\D?[29]\D?[39]/);
});

test("a viewer sees sources but cannot create, change or delete one — the server refuses too", async ({
  page,
  request,
}) => {
  const source = await seedPostgresSource({ name: unique("Viewer can look") });
  await signInAs(page, "VIEWER");
  await page.goto("/sources");
  await expect(page.getByRole("link", { name: source.name })).toBeVisible();
  await expect(page.getByRole("link", { name: "New source" })).toHaveCount(0);

  await page.getByRole("link", { name: source.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: source.name })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(page.getByText("SELECT * FROM demo_conversions ORDER BY order_id")).toBeVisible();
  await page.getByRole("button", { name: "Preview rows" }).click();
  await expect(page.getByRole("table", { name: "Sample rows" }).locator("tbody tr")).toHaveCount(20);
  await page.screenshot({ path: `${SCREENS}/sources-06-viewer.png`, fullPage: true });

  await page.goto("/sources/new");
  await expect(page).toHaveURL(/\/forbidden\?need=editor$/);

  const api = page.context().request;
  const create = await callServerAction(api, "/sources", "createPostgresSourceAction", [
    null,
    { name: "Sneaky", connectionString: e2eSourceUrl(), query: "SELECT 1", statementTimeoutSeconds: 5 },
  ]);
  expect(create.body).toContain("FORBIDDEN");
  const remove = await callServerAction(api, "/sources", "deleteSourceAction", [null, { sourceId: source.id }]);
  expect(remove.body).toContain("FORBIDDEN");
  expect(await sourceRow(source.id)).not.toBeNull();

  const upload = await api.post("/api/sources/csv?name=Sneaky", {
    headers: { "X-Sluice-Filename": "a.csv", "Content-Type": "text/csv" },
    data: "a,b\n1,2\n",
  });
  expect(upload.status()).toBe(403);
  expect((await upload.json()).code).toBe("FORBIDDEN");
  const anonymous = await request.post(`/api/sources/${source.id}/csv`, {
    headers: { "X-Sluice-Filename": "a.csv" },
    data: "a\n1\n",
  });
  expect(anonymous.status()).toBe(401);
});

test("a source in use cannot be deleted; once free, it can", async ({ page }) => {
  const source = await seedCsvSource({ name: unique("In use"), csv: "id,email\n1,a@example.com\n" });
  const destination = await seedDestinationUsing(source.id, unique("Purchases"));
  await signInAs(page, "EDITOR");
  await page.goto(`/sources/${source.id}`);
  await expect(page.getByText(destination.name)).toBeVisible();

  await page.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete “${source.name}”?` });
  await expect(dialog).toContainText("It is used by 1 destination, so it cannot be deleted.");
  await expect(dialog.getByRole("button", { name: "Delete source" })).toBeDisabled();
  await page.screenshot({ path: `${SCREENS}/sources-07-delete-in-use.png` });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // The server refuses on its own, whatever the page shows.
  const refused = await callServerAction(page.context().request, "/sources", "deleteSourceAction", [
    null,
    { sourceId: source.id },
  ]);
  expect(refused.body).toContain("CONFLICT");
  expect(refused.body).toContain(`is used by the destination “${destination.name}”`);

  await deleteDestination(destination.id);
  await page.reload();
  await page.getByRole("button", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete source" }).click();
  await expect(page).toHaveURL(/\/sources$/);
  await expect(page.getByRole("link", { name: source.name })).toHaveCount(0);
  expect(await sourceRow(source.id)).toBeNull();
});

test("Sluice's own database and a superuser are refused, with the SQL for a read-only user", async ({ page }) => {
  await signInAs(page, "EDITOR");
  const name = unique("Our own data");
  // The editor's attack: the app's own database, to read users' password hashes.
  await newPostgresSource(page, {
    name,
    connectionString: process.env.SLUICE_E2E_DATABASE_URL!,
    query: `SELECT email, role, "passwordHash" FROM "User"`,
  });
  const connectionError = page.locator("#new-connection-error");
  await expect(connectionError).toContainText("This connection leads to Sluice's own database");
  await expect(page).toHaveURL(/\/sources\/new$/);
  expect(await page.content()).not.toMatch(/\$2[aby]\$/);
  await page.screenshot({ path: `${SCREENS}/sources-07-own-database-refused.png`, fullPage: true });

  // PostgreSQL's own superuser, on another database of the same server (a real server only: the
  // embedded one has no roles).
  test.skip(Boolean(process.env.SLUICE_E2E_EMBEDDED), "roles need a real PostgreSQL server");
  const superuser = new URL(process.env.DATABASE_URL!);
  superuser.pathname = "/postgres";
  await page.getByLabel("Connection string").fill(superuser.toString());
  await page.getByLabel("Query").fill("SELECT pg_read_file('/etc/passwd')");
  await page.getByRole("button", { name: "Save source" }).click();
  await expect(connectionError).toContainText(`The database user "${superuser.username}" is a superuser`);
  const sql = page.getByLabel("SQL for a read-only user");
  await expect(sql).toBeVisible();
  await expect(sql).toContainText('GRANT CONNECT ON DATABASE "postgres" TO sluice_reader;');
  expect(await page.content()).not.toContain("root:x:0:0");
  await page.screenshot({ path: `${SCREENS}/sources-08-superuser-refused.png`, fullPage: true });
  expect(await sourceNamed(name)).toBeNull();
});

test("rows over the size limit are skipped with their numbers; a viewer's preview still works", async ({ page }) => {
  const source = await seedPostgresSource({
    name: unique("Wide rows"),
    query:
      "SELECT g AS order_id, CASE WHEN g IN (2, 4) THEN repeat('x', 3000000) ELSE 'ok' END AS note FROM generate_series(1, 5) g ORDER BY g",
  });
  await signInAs(page, "VIEWER");
  await page.goto(`/sources/${source.id}`);
  await page.getByRole("button", { name: "Preview rows" }).click();
  await expect(page.getByText("2 rows were skipped")).toBeVisible();
  await expect(page.getByText(/Row 2 is 2\.9 MiB, over the 1 MiB a row may be/)).toBeVisible();
  await expect(page.getByText(/Row 4 is 2\.9 MiB/)).toBeVisible();
  await expect(page.getByRole("table", { name: "Sample rows" }).locator("tbody tr")).toHaveCount(3);
  await page.screenshot({ path: `${SCREENS}/sources-09-rows-too-large.png`, fullPage: true });
});
