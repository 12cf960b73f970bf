import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each outbox row was written, by the database's clock: the same statement (and, with no
 * explicit transaction, the same moment give or take the commit) as the change it records. The
 * relay's lag "from commit to broker ack" is measured from it; `occurred_at` is earlier, when the
 * handler made the change, before its save waited for a connection.
 * Added in two steps so neither rewrites the table: existing rows keep NULL (they were written
 * before anyone measured), new rows get the default.
 */
export class OutboxRecordedAt1795700000000 implements MigrationInterface {
  name = 'OutboxRecordedAt1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "recorded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "outbox" ALTER COLUMN "recorded_at" SET DEFAULT clock_timestamp()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "recorded_at"`);
  }
}
