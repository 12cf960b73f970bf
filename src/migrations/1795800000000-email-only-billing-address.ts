import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A billing address may be an email alone, with no country yet: BigCommerce's checkout SDK records
 * a guest's email that way (`continueAsGuest`) before the shopper types an address. Dropping NOT
 * NULL only changes the catalogue, so it neither rewrites nor scans the table.
 */
export class EmailOnlyBillingAddress1795800000000 implements MigrationInterface {
  name = 'EmailOnlyBillingAddress1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "checkout_billing_addresses" ALTER COLUMN "country_code" DROP NOT NULL`,
    );
  }

  /** Fails while an email-only address is stored: reverting must not invent a country for it. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "checkout_billing_addresses" ALTER COLUMN "country_code" SET NOT NULL`,
    );
  }
}
