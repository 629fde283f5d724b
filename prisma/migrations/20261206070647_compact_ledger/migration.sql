-- CreateTable
CREATE TABLE "SentKeyBucket" (
    "destinationId" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "digests" BIGINT[],

    CONSTRAINT "SentKeyBucket_pkey" PRIMARY KEY ("destinationId","bucket")
);

-- AddForeignKey
ALTER TABLE "SentKeyBucket" ADD CONSTRAINT "SentKeyBucket_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A ledger key's place in SentKeyBucket: its SHA-256's first 16 bits choose the bucket, the next
-- 64 are what the bucket keeps. 80 bits in all: the chance that a new key collides with one of ten
-- million already sent is about one in 10^17. Immutable, so the lookups may inline it.
CREATE FUNCTION "sluice_ledger_key"(key text, OUT bucket integer, OUT digest bigint)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (get_byte(h, 0) << 8) | get_byte(h, 1), ('x' || encode(substring(h FROM 3 FOR 8), 'hex'))::bit(64)::bigint
  FROM sha256(convert_to(key, 'UTF8')) AS h
$$;

-- Every key already sent moves into the buckets, except the keys of runs still queued or running:
-- a run resumed after this migration must still find what it sent itself (lib/sync/sent-ledger.ts).
WITH moved AS (
  DELETE FROM "SentConversion" s
  WHERE EXISTS (SELECT 1 FROM "Destination" d WHERE d.id = s."destinationId")
    AND NOT EXISTS (SELECT 1 FROM "SyncRun" r WHERE r.id = s."runId" AND r.status IN ('QUEUED', 'RUNNING'))
  RETURNING s."destinationId", s."rowKey"
)
INSERT INTO "SentKeyBucket" ("destinationId", "bucket", "digests")
SELECT moved."destinationId", k.bucket, array_agg(DISTINCT k.digest)
FROM moved CROSS JOIN LATERAL "sluice_ledger_key"(moved."rowKey") AS k
GROUP BY moved."destinationId", k.bucket;
