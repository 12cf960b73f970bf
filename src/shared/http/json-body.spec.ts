import { bidiControlPaths, MAX_JSON_DEPTH, nestsDeeperThan } from './json-body';

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[{"c":1}]}}', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ s: '[[[[[{{{{{"\\' }), 1)).toBe(false);
    expect(nestsDeeperThan('{"s":"\\"[[[["}', 1)).toBe(false);
  });
});

describe('bidiControlPaths', () => {
  it('names every string (and key) with a bidirectional control, by validation field path', () => {
    expect(
      bidiControlPaths({
        email: 'jane@exa\u202Emple.com',
        firstName: 'Zoe\u200D\u200F',
        customFields: [{ fieldId: 'a', fieldValue: 'x\u2066y' }],
        ['k\u202A']: 1,
      }),
    ).toEqual(['email', 'customFields[0].fieldValue', 'k\u202A']);
    expect(bidiControlPaths('\u202E')).toEqual(['(body)']);
  });
});
