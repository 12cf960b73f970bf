import {
  encodeCloudEvent,
  EVENT_SOURCE,
  OutboxEvent,
  subjectOf,
  toCloudEvent,
} from './cloud-event';

describe('CloudEvents envelope', () => {
  const event: OutboxEvent = {
    id: '0b7a3c56-6f0e-4d36-9a8e-4f2b8f0c1d2e',
    aggregateId: '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0',
    aggregateVersion: 3,
    type: 'checkout.AbandonedCartCandidate',
    payload: { checkoutId: '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0', email: 'ann@example.com' },
    occurredAt: new Date('2026-11-23T06:51:26.123Z'),
  };

  it('has exactly the fields of the contract, in its order', () => {
    const envelope = toCloudEvent(event);
    expect(Object.keys(envelope)).toEqual([
      'specversion',
      'id',
      'source',
      'type',
      'subject',
      'time',
      'datacontenttype',
      'checkoutversion',
      'data',
    ]);
    expect(envelope).toEqual({
      specversion: '1.0',
      id: event.id,
      source: EVENT_SOURCE,
      type: 'checkout.AbandonedCartCandidate',
      subject: event.aggregateId,
      time: '2026-11-23T06:51:26.123Z',
      datacontenttype: 'application/json',
      checkoutversion: 3,
      data: event.payload,
    });
  });

  it('encodes to UTF-8 JSON on one line that decodes back to the envelope', () => {
    const withAccent = { ...event, payload: { firstName: 'Zoë' } };
    const text = Buffer.from(encodeCloudEvent(withAccent)).toString('utf8');
    expect(text).not.toContain('\n');
    expect(JSON.parse(text)).toEqual(toCloudEvent(withAccent));
  });

  it('uses the event type as the subject, and only under checkout.>', () => {
    expect(subjectOf(event)).toBe('checkout.AbandonedCartCandidate');
    expect(() => subjectOf({ type: 'checkout.*' })).toThrow();
    expect(() => subjectOf({ type: 'orders.Created' })).toThrow();
  });
});
