import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first response to each (caller, Idempotency-Key), kept for 24 hours so a retried write gets
 * the same answer instead of applying the change twice.
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyOrmEntity {
  /** The caller: role, subject and channel, so two callers never share a key. */
  @PrimaryColumn('varchar', { length: 300 })
  scope!: string;

  @PrimaryColumn('varchar', { length: 255 })
  key!: string;

  /** sha256 of method, path and body: the same key with another request is refused. */
  @Column('char', { length: 64 })
  fingerprint!: string;

  @Column('integer', { name: 'status_code', nullable: true })
  statusCode!: number | null;

  @Column('jsonb', { nullable: true })
  headers!: unknown;

  @Column('jsonb', { nullable: true })
  body!: unknown;

  /** What the response is about (a checkout id): deleted with it. */
  @Index('idempotency_keys_resource_idx', { where: 'resource_id IS NOT NULL' })
  @Column('uuid', { name: 'resource_id', nullable: true })
  resourceId!: string | null;

  @Index()
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
