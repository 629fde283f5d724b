import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { MIGRATIONS_DIR, readMigrations } from "./migrate";

export const SCHEMA_PATH = path.resolve(MIGRATIONS_DIR, "../schema.prisma");

// Prisma's own schema engine, compiled to Wasm. The CLI's native engine cannot be downloaded on
// these machines, so the engine is instantiated by hand (Node 20 cannot import .wasm modules).
interface SchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}
interface SchemaEngineModule {
  SchemaEngine: { new: (options: unknown, log: (message: string) => void, adapter: object) => Promise<SchemaEngine> };
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
}

let loaded: Promise<SchemaEngineModule> | undefined;

function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  loaded ??= (async () => {
    // The package exports only its JS glue; the .wasm sits beside it.
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(
      path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
      "schema_engine_bg.wasm",
    );
    const bindings = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as SchemaEngineModule &
      Record<string, unknown>;
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return loaded;
}

function readOptional(file: string): string | null {
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

function migrationList(dir: string) {
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: readOptional(path.join(dir, "migration_lock.toml")) },
    shadowDbInitScript: "",
    migrationDirectories: readMigrations(dir).map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.sql } },
    })),
  };
}

/**
 * The SQL that would bring a database built from `prisma/migrations` to what `schema.prisma`
 * describes — Prisma's own diff, computed by replaying the migrations on an in-memory PostgreSQL
 * (PGlite) as a shadow database. Empty when the two agree.
 */
export async function diffMigrationsToSchema(
  options: { migrationsDir?: string; schemaPath?: string } = {},
): Promise<string> {
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const schema = readFileSync(options.schemaPath ?? SCHEMA_PATH, "utf8");
  const engineModule = await loadSchemaEngineModule();
  const shadow = await PGlite.create();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(shadow));
  const engine = await engineModule.SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => undefined,
    adapter,
  );
  try {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrationList(migrationsDir) },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return normalizeDiff(result.stdout ?? "");
  } finally {
    engine.free();
    await shadow.close();
  }
}

/** Prisma writes "-- This is an empty migration." when nothing differs. */
function normalizeDiff(sql: string): string {
  const meaningful = sql
    .split("\n")
    .filter((line) => line.trim() !== "" && line.trim() !== "-- This is an empty migration.");
  return meaningful.length === 0 ? "" : sql.trim() + "\n";
}
