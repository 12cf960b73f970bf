import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The abandoned-cart reminder schedule: one row per checkout with an announced email, saying how
 * many reminders were sent and when the next one is due. Any instance claims due rows with
 * FOR UPDATE SKIP LOCKED; the partial index keeps that claim to the rows still due.
 */
export class AbandonedCartReminders1795900000000 implements MigrationInterface {
  name = 'AbandonedCartReminders1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "abandoned_cart_reminders" (
         "checkout_id" uuid NOT NULL PRIMARY KEY
           REFERENCES "checkouts" ("id") ON DELETE CASCADE,
         "reminders_sent" integer NOT NULL DEFAULT 0,
         "last_change_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         "checkout_version" integer NOT NULL,
         "due_at" TIMESTAMP WITH TIME ZONE,
         "candidate" jsonb NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "abandoned_cart_reminders_due_idx" ON "abandoned_cart_reminders" ("due_at") WHERE "due_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "abandoned_cart_reminders"`);
  }
}
