import type { Country as SdkCountry } from '@bigcommerce/checkout-sdk';
import { iso31661, iso31662 } from 'iso-3166';
import { countries, isAssignedCountryCode } from './countries';

const byCode = (code: string) => countries().find((country) => country.code === code);

describe('countries', () => {
  it('are exactly the assigned countries of ISO 3166-1, each once', () => {
    const codes = countries().map((country) => country.code);
    expect([...codes].sort()).toEqual(iso31661.map((country) => country.alpha2).sort());
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it("carry each country's top-level subdivisions, coded as stateOrProvinceCode", () => {
    expect(byCode('US')).toMatchObject({ name: 'United States of America' });
    expect(byCode('US')?.subdivisions).toContainEqual({ code: 'TX', name: 'Texas' });
    expect(byCode('DE')?.subdivisions).toContainEqual({ code: 'BY', name: 'Bayern' });
    expect(byCode('DE')?.subdivisions).toHaveLength(16);
    // Azerbaijan's Nakhchivan (AZ-NX) has districts of its own; only AZ-NX itself is top level.
    const azerbaijan = byCode('AZ')?.subdivisions.map((subdivision) => subdivision.code) ?? [];
    expect(azerbaijan).toContain('NX');
    expect(azerbaijan).not.toContain('BAB');
    const topLevel = iso31662.filter((entry) => entry.parent.length === 2);
    expect(countries().flatMap((country) => country.subdivisions)).toHaveLength(topLevel.length);
    for (const country of countries()) {
      for (const subdivision of country.subdivisions) expect(subdivision.code).toMatch(/^\w+$/);
    }
  });

  it('claim no per-country rule the service does not apply', () => {
    for (const country of countries()) {
      expect(country).toMatchObject({ requiresState: false, hasPostalCodes: false });
    }
  });

  it('are sorted by name, built once and shared read-only', () => {
    const names = countries().map((country) => country.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(countries()).toBe(countries());
    expect(Object.isFrozen(countries())).toBe(true);
    expect(Object.isFrozen(byCode('US')?.subdivisions)).toBe(true);
  });

  it("have the checkout SDK's Country shape", () => {
    const shaped: readonly SdkCountry[] = countries();
    expect(Object.keys(shaped[0]!).sort()).toEqual(
      ['code', 'hasPostalCodes', 'name', 'requiresState', 'subdivisions'].sort(),
    );
  });
});

describe('isAssignedCountryCode', () => {
  it('accepts the upper-case alpha-2 code of an assigned country, and nothing else', () => {
    for (const code of ['US', 'DE', 'GB', 'AX']) expect(isAssignedCountryCode(code)).toBe(true);
    for (const code of ['ZZ', 'us', 'Us', 'USA', 'U', '', 'XK', 'UK', 'EU', ' US']) {
      expect(isAssignedCountryCode(code)).toBe(false);
    }
    for (const { alpha2 } of iso31661) expect(isAssignedCountryCode(alpha2)).toBe(true);
  });
});
