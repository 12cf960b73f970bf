import { aContactBody, CONTACT } from './checkout-api';
import { TestApp, uniqueShopper } from './test-app';

/**
 * A new checkout whose guest left an email (contact update, version 2). Its reminder schedule is
 * written by the same statement as the change, so it is in place when the answer arrives.
 */
export async function announcedCheckout(t: TestApp): Promise<{ id: string; token: string }> {
  const shopper = uniqueShopper();
  const { id } = await t.createCheckout(shopper);
  const token = t.shopper(shopper);
  const response = await t.request('POST', CONTACT, { token, body: aContactBody(id) });
  if (response.statusCode !== 204) throw new Error(`contact update failed: ${response.body}`);
  await expectScheduledAt(t, id, 2);
  return { id, token };
}

/** Throws unless `checkoutId`'s schedule holds its change at `version` (or later). */
export async function expectScheduledAt(t: TestApp, checkoutId: string, version: number) {
  const [row] = await t.dataSource.query<{ checkout_version: number }[]>(
    'SELECT checkout_version FROM abandoned_cart_reminders WHERE checkout_id = $1',
    [checkoutId],
  );
  if (!row || row.checkout_version < version) {
    throw new Error(`no schedule at version ${version} for ${checkoutId}: ${JSON.stringify(row)}`);
  }
}

/** Waits until an order closed `checkoutId`'s schedule (the saga runs after the commit). */
export async function waitUntilClosed(t: TestApp, checkoutId: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const rows = await t.dataSource.query(
      'SELECT 1 FROM abandoned_cart_reminders WHERE checkout_id = $1',
      [checkoutId],
    );
    if (rows.length === 0) return;
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`schedule of ${checkoutId} not closed`);
}

/**
 * `count - 1` copies of a checkout's own row (not its contact, address or line items), straight
 * in SQL, each with a new id; returns the ids of all `count`, the original first.
 */
export async function copiesOf(t: TestApp, checkoutId: string, count: number): Promise<string[]> {
  const copies: { id: string }[] = await t.dataSource.query(
    `INSERT INTO checkouts
     SELECT (jsonb_populate_record(c, jsonb_build_object('id', gen_random_uuid()))).*
       FROM checkouts c, generate_series(1, $2::int) WHERE c.id = $1
     RETURNING id`,
    [checkoutId, count - 1],
  );
  return [checkoutId, ...copies.map((copy) => copy.id)];
}

/**
 * `count - 1` copies of a scheduled checkout and of its schedule, straight in SQL, all due at the
 * same moment as it; returns the ids of all `count`.
 */
export async function dueTogether(t: TestApp, checkoutId: string, count: number) {
  const ids = await copiesOf(t, checkoutId, count);
  await t.dataSource.query(
    `INSERT INTO abandoned_cart_reminders
     SELECT n.id, r.reminders_sent, r.last_change_at, r.checkout_version, r.due_at,
            r.candidate || jsonb_build_object('checkoutId', n.id)
       FROM abandoned_cart_reminders r, unnest($2::uuid[]) AS n(id) WHERE r.checkout_id = $1`,
    [checkoutId, ids.slice(1)],
  );
  return ids;
}
