import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox becomes a table partitioned by day of `recorded_at` (the database's clock at insert),
 * so published rows leave by dropping a whole day's partition instead of by row-by-row deletes
 * (src/shared/persistence/outbox-partitions.ts keeps the partitions). `recorded_at` is the key
 * because the database writes it, never later than the row's commit, and never changes it: a row
 * stays in the partition it was inserted into, and a day that has passed receives no more rows.
 *
 * A partitioned table's primary key must hold the partition key, so it is (`id`, `recorded_at`);
 * ids stay unique as every event id is a fresh random UUID, and the relay's mark by id probes each
 * partition's primary key on its leading column. The unique index on `sequence` goes: the sequence
 * alone makes the values unique, and no query needed a full index on it. `sequence` keeps drawing
 * from the same sequence, so the relay's per-checkout order carries on across the migration.
 *
 * The old table is renamed, its unpublished rows are copied into the new one, and it is dropped:
 * published rows, already on the stream, are not carried over. Rows from before `recorded_at`
 * existed are filed under their `occurred_at`; `outbox_history` takes every row older than today.
 * On a 10M-row outbox this holds an ACCESS EXCLUSIVE lock on it (writes wait) for the copy of the
 * unpublished rows, found by their partial index, and the drop of the old table's files
 * (docs/events.md has the figures); nothing scans or rewrites the published rows.
 */
export class OutboxPartitions1796000000000 implements MigrationInterface {
  name = 'OutboxPartitions1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" RENAME TO "outbox_unpartitioned"`);
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "sequence" bigint NOT NULL DEFAULT nextval('outbox_sequence_seq'), "aggregate_id" uuid NOT NULL, "aggregate_version" integer NOT NULL, "type" character varying(100) NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "outbox_pkey" PRIMARY KEY ("id", "recorded_at")) PARTITION BY RANGE ("recorded_at")`,
    );
    // Before the old table is dropped, or the sequence would go with it.
    await queryRunner.query(`ALTER SEQUENCE "outbox_sequence_seq" OWNED BY "outbox"."sequence"`);
    // Today (UTC) and the next two days; outbox-partitions.ts keeps creating days ahead.
    await queryRunner.query(`
      DO $$
      DECLARE
        today timestamptz := date_trunc('day', now(), 'UTC');
        day timestamptz;
      BEGIN
        EXECUTE format('CREATE TABLE outbox_history PARTITION OF outbox FOR VALUES FROM (MINVALUE) TO (%L)', today);
        FOR n IN 0..2 LOOP
          day := today + n * interval '1 day';
          EXECUTE format('CREATE TABLE %I PARTITION OF outbox FOR VALUES FROM (%L) TO (%L)',
                         'outbox_p' || to_char(day AT TIME ZONE 'UTC', 'YYYYMMDD_HH24MISS'),
                         day, day + interval '1 day');
        END LOOP;
      END $$`);
    await queryRunner.query(
      `INSERT INTO "outbox" ("id", "sequence", "aggregate_id", "aggregate_version", "type", "payload", "occurred_at", "published_at", "recorded_at")
       SELECT "id", "sequence", "aggregate_id", "aggregate_version", "type", "payload", "occurred_at", "published_at", coalesce("recorded_at", "occurred_at")
         FROM "outbox_unpartitioned" WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(`DROP TABLE "outbox_unpartitioned"`);
    await this.createIndexes(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" RENAME TO "outbox_partitioned"`);
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "sequence" bigint NOT NULL DEFAULT nextval('outbox_sequence_seq'), "aggregate_id" uuid NOT NULL, "aggregate_version" integer NOT NULL, "type" character varying(100) NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "recorded_at" TIMESTAMP WITH TIME ZONE DEFAULT clock_timestamp(), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER SEQUENCE "outbox_sequence_seq" OWNED BY "outbox"."sequence"`);
    await queryRunner.query(`INSERT INTO "outbox" SELECT * FROM "outbox_partitioned"`);
    await queryRunner.query(`DROP TABLE "outbox_partitioned"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c2e6d231ef9d59cd2e1cb40316" ON "outbox" ("sequence")`,
    );
    await this.createIndexes(queryRunner);
  }

  /** The relay's indexes, as before; on the partitioned table each partition gets its own. */
  private async createIndexes(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "outbox_aggregate_idx" ON "outbox" ("aggregate_id", "aggregate_version")`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished_idx" ON "outbox" ("sequence") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished_aggregate_idx" ON "outbox" ("aggregate_id", "sequence") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_published_at_idx" ON "outbox" ("published_at") WHERE "published_at" IS NOT NULL`,
    );
  }
}
