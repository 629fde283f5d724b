-- CreateTable
CREATE TABLE "SluiceInstance" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "marker" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SluiceInstance_pkey" PRIMARY KEY ("id")
);

-- The marker: random per installation (gen_random_uuid is built into PostgreSQL 13+), stored in
-- the row and as the table's comment. Comments live in pg_description, which every role that can
-- connect may read, so a source connection can recognise this database without any grant.
DO $$
DECLARE
  marker text := 'sluice-instance:' || gen_random_uuid()::text;
BEGIN
  INSERT INTO "SluiceInstance" ("id", "marker") VALUES (1, marker);
  EXECUTE format('COMMENT ON TABLE %I IS %L', 'SluiceInstance', marker);
END
$$;
