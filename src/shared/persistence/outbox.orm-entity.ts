import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Domain events, written in the same transaction as the aggregate row they describe, and later
 * relayed to the broker. `sequence` orders them globally; `published_at` marks relayed rows.
 * The relay's lag is `published_at` − `recorded_at`.
 *
 * The table is partitioned by range of `recorded_at`, one partition a day (migration
 * 1796000000000, outbox-partitions.ts), which TypeORM cannot describe: hence the primary key
 * holding `recorded_at`, and no unique index on `sequence`.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['sequence'], { where: '"published_at" IS NULL' })
@Index('outbox_aggregate_idx', ['aggregateId', 'aggregateVersion'])
@Index('outbox_unpublished_aggregate_idx', ['aggregateId', 'sequence'], {
  where: '"published_at" IS NULL',
})
@Index('outbox_published_at_idx', ['publishedAt'], { where: '"published_at" IS NOT NULL' })
export class OutboxOrmEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('bigint', { generated: 'increment' })
  sequence!: string;

  @Column('uuid', { name: 'aggregate_id' })
  aggregateId!: string;

  @Column('integer', { name: 'aggregate_version' })
  aggregateVersion!: number;

  @Column('varchar', { length: 100 })
  type!: string;

  @Column('jsonb')
  payload!: unknown;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  /** Written by the database as the row is inserted; the partition key. */
  @PrimaryColumn('timestamptz', { name: 'recorded_at', default: () => 'clock_timestamp()' })
  recordedAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
