import { checkHistory, createCheckout, hammer, readCheckout } from './support/hammer';
import { record } from './support/report';
import {
  freshDatabase,
  outboxOf,
  Service,
  size,
  startService,
  TestDatabase,
} from './support/service';

const WRITERS = 32;
const ATTEMPTS = size(2_000, 10_000);

/**
 * Lost-update hammer: 32 writers on ONE checkout through one instance. Versioned writers read the
 * version (ETag), write with it (`version` or If-Match) and retry on 409; unversioned writers just
 * write. Each history is then checked against the final state and the outbox.
 */
describe('lost-update hammer', () => {
  let database: TestDatabase;
  let service: Service;

  beforeAll(async () => {
    database = await freshDatabase('hammer');
    service = await startService(database.url);
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  it.each([
    ['versioned', true],
    ['unversioned', false],
  ])(
    '%s writers: the history is a correct register, every write in the version and the outbox',
    async (name, versioned) => {
      const checkoutId = await createCheckout(service, `hammer-${name}`);

      const history = await hammer({
        tag: name,
        checkoutId,
        services: [service],
        writers: WRITERS,
        attempts: ATTEMPTS,
        versioned,
        maxDurationMs: size(240_000, 1_200_000),
      });

      const verdict = checkHistory(
        history,
        await readCheckout(service, checkoutId),
        await outboxOf(database, checkoutId),
        { versioned, faults: false },
      );
      record(`hammer ${name}: ${WRITERS} writers, 1 checkout`, verdict.figures, verdict.violations);
      expect(verdict.violations).toEqual([]);
      expect(history.writes).toHaveLength(ATTEMPTS);
    },
  );
});
