import { anAddress, context, guest } from '../../../test/support/checkout.fixtures';
import { handlerWorld, HandlerWorld } from '../../../test/support/checkout-handlers';
import { CheckoutState } from '../domain/checkout';
import {
  BillingAddressExistsError,
  CheckoutNotFoundError,
  VersionConflictError,
} from '../domain/checkout.errors';
import { Viewer } from '../domain/viewer';

/**
 * The editor's use of a remembered copy (CheckoutRepository.recall): it saves a load when the copy
 * is current, and a stale copy never decides an answer on its own.
 */
describe('CheckoutEditor with a remembered copy', () => {
  let world: HandlerWorld;
  let checkoutId: string;
  /** The state at version 1, before the change another instance makes in `changeElsewhere`. */
  let original: CheckoutState;

  const contact = { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' };
  const updateContact = (expectedVersion?: number, viewer: Viewer = guest) =>
    world.editor.edit(world.target(checkoutId, viewer, expectedVersion), (checkout, ctx) =>
      checkout.updateContact(contact, ctx),
    );
  /** A change saved by "another instance": the remembered copy is now one version behind. */
  const changeElsewhere = async () => {
    const checkout = await world.checkouts.load(checkoutId, guest);
    checkout.addBillingAddress(anAddress(), context());
    await world.checkouts.save(checkout);
  };

  beforeEach(async () => {
    world = handlerWorld();
    checkoutId = await world.seed();
    original = world.checkouts.stored(checkoutId)!;
    world.checkouts.rememberCopy(original);
    world.checkouts.loads = 0;
  });

  it('changes a current copy without loading the checkout', async () => {
    const saved = await updateContact(1);

    expect(world.checkouts.loads).toBe(0);
    expect(saved.version).toBe(2);
    expect(world.checkouts.stored(checkoutId)).toMatchObject({ version: 2, contact });
  });

  it('applies an unversioned change to the stored state when the copy is stale: nothing is lost', async () => {
    await changeElsewhere();

    await updateContact();

    const stored = world.checkouts.stored(checkoutId)!;
    expect(stored).toMatchObject({ version: 3, contact });
    expect(stored.billingAddress).not.toBeNull();
    expect(world.checkouts.loads).toBeGreaterThan(1);
  });

  it('accepts the version the client saw elsewhere, newer than the copy', async () => {
    await changeElsewhere();

    await expect(updateContact(2)).resolves.toMatchObject({ version: 3 });
  });

  it('answers a version conflict with the stored version, not the copy’s', async () => {
    await changeElsewhere();

    const refusal = await updateContact(1).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(VersionConflictError);
    expect((refusal as VersionConflictError).extensions.currentVersion).toBe(2);
    expect(world.checkouts.stored(checkoutId)!.contact).toBeNull();
  });

  it('decides a rule of the domain on the stored state, not on a stale copy', async () => {
    // The copy has no address yet; the stored checkout has one: adding another is refused...
    await changeElsewhere();
    const addAgain = world.editor.edit(world.target(checkoutId, guest), (checkout, ctx) => {
      checkout.addBillingAddress(anAddress(), ctx);
    });
    await expect(addAgain).rejects.toBeInstanceOf(BillingAddressExistsError);

    // ...and updating the address the copy does not know is accepted.
    const addressId = world.checkouts.stored(checkoutId)!.billingAddress!.id;
    world.checkouts.rememberCopy(original);
    const updated = await world.editor.edit(world.target(checkoutId, guest), (checkout, ctx) => {
      checkout.updateBillingAddress(addressId, { ...anAddress(), city: 'Dallas' }, ctx);
    });
    expect(updated.snapshot.billingAddress).toMatchObject({ id: addressId, city: 'Dallas' });
  });

  it('never shows a copy to a viewer who may not see the checkout', async () => {
    const stranger: Viewer = { role: 'guest', subject: 'someone-else' };

    await expect(updateContact(undefined, stranger)).rejects.toBeInstanceOf(CheckoutNotFoundError);
    expect(world.checkouts.stored(checkoutId)!.version).toBe(1);
  });

  it('passes a database failure through as it is, without a second attempt', async () => {
    const failure = new Error('connection terminated');
    world.checkouts.failNextSave(failure);

    await expect(updateContact()).rejects.toBe(failure);
    expect(world.checkouts.loads).toBe(0);
  });
});
