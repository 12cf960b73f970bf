import { MigrationInterface, QueryRunner } from 'typeorm';

/** The checkout tables and the outbox. Generated from the ORM entities, plus the order number sequence. */
export class InitialSchema1763880000000 implements MigrationInterface {
  name = 'InitialSchema1763880000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "checkout_order_id_seq" START WITH 100001`);
    await queryRunner.query(
      `CREATE TABLE "checkouts" ("id" uuid NOT NULL, "version" integer NOT NULL, "channel_id" integer NOT NULL, "shopper_id" character varying(255) NOT NULL, "currency" character(3) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "order_id" integer, "announcements" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_0c9ca5a0e60b5453b2004e9a10" CHECK ("version" >= 1), CONSTRAINT "CHK_8d5bfbb8b4ffeff4ed558141f8" CHECK ("status" IN ('open', 'completed')), CONSTRAINT "PK_5800730d89f4137fc18770e4d4d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a11453b5acc360e0ea36897660" ON "checkouts"  ("channel_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8464316bd68bebe0fd1ca9baf5" ON "checkouts"  ("shopper_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_e266e53d7b028fadbfcf59143b" ON "checkouts"  ("order_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "checkout_line_items" ("checkout_id" uuid NOT NULL, "position" smallint NOT NULL, "id" uuid NOT NULL, "product_id" character varying(255) NOT NULL, "name" character varying(255) NOT NULL, "quantity" integer NOT NULL, "unit_price_minor" bigint NOT NULL, CONSTRAINT "PK_3894b682f18d02e5f29fbc999e9" PRIMARY KEY ("checkout_id", "position"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "checkout_contacts" ("checkout_id" uuid NOT NULL, "first_name" character varying(255) NOT NULL, "last_name" character varying(255) NOT NULL, "email" character varying(320) NOT NULL, "phone" character varying(50), "address_line1" character varying(255), "address_line2" character varying(255), "city" character varying(255), "state" character varying(255), "post_code" character varying(30), "country" character varying(255), CONSTRAINT "PK_8bdefd4eb3e26540721a446a67a" PRIMARY KEY ("checkout_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "checkout_billing_addresses" ("checkout_id" uuid NOT NULL, "id" character varying(64) NOT NULL, "first_name" character varying(255), "last_name" character varying(255), "email" character varying(320), "company" character varying(255), "address1" character varying(255), "address2" character varying(255), "city" character varying(255), "state_or_province" character varying(255), "state_or_province_code" character varying(10), "country" character varying(255), "country_code" character(2) NOT NULL, "postal_code" character varying(30), "phone" character varying(50), "custom_fields" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_e1ac144404aef38e02e00afe2ba" PRIMARY KEY ("checkout_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "sequence" BIGSERIAL NOT NULL, "aggregate_id" uuid NOT NULL, "aggregate_version" integer NOT NULL, "type" character varying(100) NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c2e6d231ef9d59cd2e1cb40316" ON "outbox"  ("sequence") `,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_aggregate_idx" ON "outbox"  ("aggregate_id", "aggregate_version") `,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished_idx" ON "outbox"  ("sequence") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "checkout_line_items" ADD CONSTRAINT "FK_88bd40a2c8e6279c27a970369fb" FOREIGN KEY ("checkout_id") REFERENCES "checkouts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "checkout_contacts" ADD CONSTRAINT "FK_8bdefd4eb3e26540721a446a67a" FOREIGN KEY ("checkout_id") REFERENCES "checkouts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "checkout_billing_addresses" ADD CONSTRAINT "FK_e1ac144404aef38e02e00afe2ba" FOREIGN KEY ("checkout_id") REFERENCES "checkouts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "checkout_billing_addresses" DROP CONSTRAINT "FK_e1ac144404aef38e02e00afe2ba"`,
    );
    await queryRunner.query(
      `ALTER TABLE "checkout_contacts" DROP CONSTRAINT "FK_8bdefd4eb3e26540721a446a67a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "checkout_line_items" DROP CONSTRAINT "FK_88bd40a2c8e6279c27a970369fb"`,
    );
    await queryRunner.query(`DROP INDEX "public"."outbox_unpublished_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_aggregate_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c2e6d231ef9d59cd2e1cb40316"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP TABLE "checkout_billing_addresses"`);
    await queryRunner.query(`DROP TABLE "checkout_contacts"`);
    await queryRunner.query(`DROP TABLE "checkout_line_items"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e266e53d7b028fadbfcf59143b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8464316bd68bebe0fd1ca9baf5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a11453b5acc360e0ea36897660"`);
    await queryRunner.query(`DROP TABLE "checkouts"`);
    await queryRunner.query(`DROP SEQUENCE "checkout_order_id_seq"`);
  }
}
