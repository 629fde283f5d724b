import pg from "pg";
import { demoConversions, type DemoConversion, type DemoConversionOptions } from "./generate-demo-conversions";

export {
  demoConversions,
  generateDemoConversions,
  type DemoConversion,
  type DemoConversionOptions,
} from "./generate-demo-conversions";

export const DEMO_CONVERSIONS_TABLE = "demo_conversions";
/** The query the built-in demo source runs. */
export const DEMO_CONVERSIONS_QUERY = `SELECT * FROM ${DEMO_CONVERSIONS_TABLE} ORDER BY order_id`;

const DEFAULT_ROWS = 500;
const BATCH_ROWS = 1_000;
// Serialises concurrent seeders (two demo start-ups, parallel tests) on one database.
const SEED_LOCK_KEY = 7_301_944_211;

const COLUMNS: { name: keyof DemoConversion; type: string }[] = [
  { name: "order_id", type: "text" },
  { name: "email", type: "text" },
  { name: "phone", type: "text" },
  { name: "country", type: "text" },
  { name: "twclid", type: "text" },
  { name: "ip_address", type: "text" },
  { name: "user_agent", type: "text" },
  { name: "value", type: "numeric(12,2)" },
  { name: "currency", type: "text" },
  { name: "ordered_at", type: "timestamptz" },
];

/**
 * Creates (or replaces) the `demo_conversions` table in the given database and fills it with
 * generated orders. Idempotent: the table is dropped and rebuilt in one transaction, so a rerun
 * leaves exactly `rows` rows whatever was there, and readers never see it half-filled.
 *
 * The table lives outside Prisma's schema on purpose: it stands for the customer's own data,
 * which Sluice only ever reads through a source.
 */
export async function seedDemoConversions(
  connectionString: string,
  options: Partial<DemoConversionOptions> = {},
): Promise<{ table: string; rows: number }> {
  const rows = options.rows ?? DEFAULT_ROWS;
  const client = new pg.Client({ connectionString, application_name: "sluice-demo-seed" });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [SEED_LOCK_KEY]);
    await client.query(`DROP TABLE IF EXISTS ${DEMO_CONVERSIONS_TABLE}`);
    await client.query(
      `CREATE TABLE ${DEMO_CONVERSIONS_TABLE} (${COLUMNS.map((column) => `${column.name} ${column.type}`).join(", ")}, PRIMARY KEY (order_id))`,
    );
    let batch: DemoConversion[] = [];
    for (const row of demoConversions({ ...options, rows })) {
      batch.push(row);
      if (batch.length === BATCH_ROWS) {
        await insertBatch(client, batch);
        batch = [];
      }
    }
    if (batch.length > 0) await insertBatch(client, batch);
    await client.query("COMMIT");
    return { table: DEMO_CONVERSIONS_TABLE, rows };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

// One INSERT per batch with a parameter per column (an array), rather than one per row.
async function insertBatch(client: pg.Client, batch: DemoConversion[]): Promise<void> {
  const params = COLUMNS.map((column) => batch.map((row) => row[column.name]));
  const unnest = COLUMNS.map((column, index) => `$${index + 1}::${column.type.replace(/\(.*\)/, "")}[]`).join(", ");
  await client.query(`INSERT INTO ${DEMO_CONVERSIONS_TABLE} SELECT * FROM unnest(${unnest})`, params);
}
