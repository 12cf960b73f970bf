import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the outbox relay needs: finding the earliest unpublished event of a checkout (its
 * per-checkout ordering rule) and pruning published rows by age without scanning the table.
 */
export class OutboxRelayIndexes1795500000000 implements MigrationInterface {
  name = 'OutboxRelayIndexes1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished_aggregate_idx" ON "outbox" ("aggregate_id", "sequence") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_published_at_idx" ON "outbox" ("published_at") WHERE "published_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."outbox_published_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_unpublished_aggregate_idx"`);
  }
}
