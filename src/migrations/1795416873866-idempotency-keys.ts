import { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Key records: the first response per caller and key, for 24 hours. */
export class IdempotencyKeys1795416873866 implements MigrationInterface {
  name = 'IdempotencyKeys1795416873866';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("scope" character varying(300) NOT NULL, "key" character varying(255) NOT NULL, "fingerprint" character(64) NOT NULL, "status_code" integer, "headers" jsonb, "body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5e72f040fdc5efc8eef52a388c" ON "idempotency_keys"  ("created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_5e72f040fdc5efc8eef52a388c"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
