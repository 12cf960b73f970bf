import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The stored shape of a checkout. These classes describe the schema (migrations are generated from
 * them); the hot path reads and writes rows with hand-written SQL and maps them in checkout.mapper.ts.
 */
@Entity({ name: 'checkouts' })
@Check(`"status" IN ('open', 'completed')`)
@Check(`"version" >= 1`)
@Check(
  'checkouts_parts_shape',
  `coalesce(jsonb_typeof(line_items), 'none') = 'array' AND coalesce(jsonb_typeof(contact), 'object') = 'object' AND coalesce(jsonb_typeof(billing_address), 'object') = 'object'`,
)
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

  /**
   * The checkout's parts live in its row, so a command reads and writes one heap page. Their
   * keys are the column names of the tables they once had (first_name, ...); line items are
   * [{ id, productId, name, quantity, unitPriceMinor }] in cart order.
   */
  @Column('jsonb', { nullable: true })
  contact!: Record<string, unknown> | null;

  @Column('jsonb', { name: 'billing_address', nullable: true })
  billingAddress!: Record<string, unknown> | null;

  @Column('jsonb', { name: 'line_items', default: () => `'[]'` })
  lineItems!: unknown[];
}

export const CHECKOUT_ORM_ENTITIES = [CheckoutOrmEntity];
