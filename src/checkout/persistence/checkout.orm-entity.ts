import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
} from 'typeorm';

/**
 * The stored shape of a checkout. These classes describe the schema (migrations are generated from
 * them); the hot path reads and writes rows with hand-written SQL and maps them in checkout.mapper.ts.
 */
@Entity({ name: 'checkouts' })
@Check(`"status" IN ('open', 'completed')`)
@Check(`"version" >= 1`)
export class CheckoutOrmEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('integer')
  version!: number;

  @Index()
  @Column('integer', { name: 'channel_id' })
  channelId!: number;

  @Index()
  @Column('varchar', { name: 'shopper_id', length: 255 })
  shopperId!: string;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('varchar', { length: 16, default: 'open' })
  status!: string;

  @Index({ unique: true })
  @Column('integer', { name: 'order_id', nullable: true })
  orderId!: number | null;

  /** Recent abandoned-cart announcements: [{ email, at }] within the policy window. */
  @Column('jsonb', { default: () => `'[]'` })
  announcements!: unknown;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

@Entity({ name: 'checkout_line_items' })
export class LineItemOrmEntity {
  @PrimaryColumn('uuid', { name: 'checkout_id' })
  checkoutId!: string;

  @PrimaryColumn('smallint')
  position!: number;

  @ManyToOne(() => CheckoutOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'checkout_id' })
  checkout?: CheckoutOrmEntity;

  @Column('uuid')
  id!: string;

  @Column('varchar', { name: 'product_id', length: 255 })
  productId!: string;

  @Column('varchar', { length: 255 })
  name!: string;

  @Column('integer')
  quantity!: number;

  @Column('bigint', { name: 'unit_price_minor' })
  unitPriceMinor!: string;
}

@Entity({ name: 'checkout_contacts' })
export class ContactOrmEntity {
  @PrimaryColumn('uuid', { name: 'checkout_id' })
  checkoutId!: string;

  @OneToOne(() => CheckoutOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'checkout_id' })
  checkout?: CheckoutOrmEntity;

  @Column('varchar', { name: 'first_name', length: 255 })
  firstName!: string;

  @Column('varchar', { name: 'last_name', length: 255 })
  lastName!: string;

  @Column('varchar', { length: 320 })
  email!: string;

  @Column('varchar', { length: 50, nullable: true })
  phone!: string | null;

  @Column('varchar', { name: 'address_line1', length: 255, nullable: true })
  addressLine1!: string | null;

  @Column('varchar', { name: 'address_line2', length: 255, nullable: true })
  addressLine2!: string | null;

  @Column('varchar', { length: 255, nullable: true })
  city!: string | null;

  @Column('varchar', { length: 255, nullable: true })
  state!: string | null;

  @Column('varchar', { name: 'post_code', length: 30, nullable: true })
  postCode!: string | null;

  @Column('varchar', { length: 255, nullable: true })
  country!: string | null;
}

@Entity({ name: 'checkout_billing_addresses' })
export class BillingAddressOrmEntity {
  @PrimaryColumn('uuid', { name: 'checkout_id' })
  checkoutId!: string;

  @OneToOne(() => CheckoutOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'checkout_id' })
  checkout?: CheckoutOrmEntity;

  @Column('varchar', { length: 64 })
  id!: string;

  @Column('varchar', { name: 'first_name', length: 255, nullable: true })
  firstName!: string | null;

  @Column('varchar', { name: 'last_name', length: 255, nullable: true })
  lastName!: string | null;

  @Column('varchar', { length: 320, nullable: true })
  email!: string | null;

  @Column('varchar', { length: 255, nullable: true })
  company!: string | null;

  @Column('varchar', { length: 255, nullable: true })
  address1!: string | null;

  @Column('varchar', { length: 255, nullable: true })
  address2!: string | null;

  @Column('varchar', { length: 255, nullable: true })
  city!: string | null;

  @Column('varchar', { name: 'state_or_province', length: 255, nullable: true })
  stateOrProvince!: string | null;

  @Column('varchar', { name: 'state_or_province_code', length: 10, nullable: true })
  stateOrProvinceCode!: string | null;

  @Column('varchar', { length: 255, nullable: true })
  country!: string | null;

  @Column('char', { name: 'country_code', length: 2, nullable: true })
  countryCode!: string | null;

  @Column('varchar', { name: 'postal_code', length: 30, nullable: true })
  postalCode!: string | null;

  @Column('varchar', { length: 50, nullable: true })
  phone!: string | null;

  @Column('jsonb', { name: 'custom_fields', default: () => `'[]'` })
  customFields!: unknown;
}

export const CHECKOUT_ORM_ENTITIES = [
  CheckoutOrmEntity,
  LineItemOrmEntity,
  ContactOrmEntity,
  BillingAddressOrmEntity,
];
