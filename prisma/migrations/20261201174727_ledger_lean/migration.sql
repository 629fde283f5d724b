-- DropForeignKey
ALTER TABLE "SentConversion" DROP CONSTRAINT "SentConversion_destinationId_fkey";

-- AlterTable
ALTER TABLE "SentConversion" DROP COLUMN "conversionId";

-- The foreign key's ON DELETE CASCADE, kept as one statement-level trigger: deleting destinations
-- (directly or by a cascade from above) deletes their ledgers in the same statement. Inserts lock
-- the destination row themselves, once per statement (lib/sync/sent-ledger.ts recordSent).
CREATE FUNCTION "SentConversion_delete_with_destination"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "SentConversion" s USING deleted d WHERE s."destinationId" = d."id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "Destination_delete_ledger"
  AFTER DELETE ON "Destination"
  REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION "SentConversion_delete_with_destination"();

