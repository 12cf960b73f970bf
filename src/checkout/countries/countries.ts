import { iso31661, iso31662 } from 'iso-3166';

/** A country's first-level subdivision, coded as BigCommerce's `stateOrProvinceCode` (`TX`). */
export interface Subdivision {
  code: string;
  name: string;
}

/** A country in the shape of the BigCommerce checkout SDK's `Country`. */
export interface Country {
  code: string;
  name: string;
  hasPostalCodes: boolean;
  requiresState: boolean;
  subdivisions: Subdivision[];
}

/**
 * iso-3166 knows codes and names only, and no maintained source of per-country address rules is a
 * dependency here, so both flags state what this service requires rather than facts about the
 * country. The SDK reads them for nothing else: `requiresState` becomes the state field's
 * `required`, `hasPostalCodes` the postal code field's `required`. The service requires neither
 * (a storefront may require more), so `true` would make every storefront demand a postal code,
 * also where the country has none, that validation never asks for.
 */
const REQUIRES_STATE = false;
const HAS_POSTAL_CODES = false;

let assignedCodes: ReadonlySet<string> | undefined;
let countryList: readonly Country[] | undefined;

/** True for the upper-case ISO 3166-1 alpha-2 code of an assigned country (`US`; not `us`, `ZZ`). */
export function isAssignedCountryCode(code: string): boolean {
  assignedCodes ??= new Set(iso31661.map((country) => country.alpha2));
  return assignedCodes.has(code);
}

/**
 * Every assigned country with its top-level subdivisions (those whose parent is the country, not
 * another subdivision), both sorted by English name, as a storefront's dropdowns list them. Built
 * on first use and shared by every response, so frozen.
 */
export function countries(): readonly Country[] {
  countryList ??= buildCountries();
  return countryList;
}

let byCode: ReadonlyMap<string, Country> | undefined;

/**
 * The English names of a country and of one of its subdivisions, by code (`US`, `TX`): what
 * BigCommerce fills in when a client sends codes alone.
 */
export function placeNames(
  countryCode: string | undefined,
  subdivisionCode: string | undefined,
): { country?: string; subdivision?: string } {
  byCode ??= new Map(countries().map((country) => [country.code, country]));
  const country = countryCode === undefined ? undefined : byCode.get(countryCode);
  const subdivision =
    subdivisionCode === undefined
      ? undefined
      : country?.subdivisions.find((entry) => entry.code === subdivisionCode);
  return { country: country?.name, subdivision: subdivision?.name };
}

function buildCountries(): readonly Country[] {
  const subdivisionsOf = new Map<string, Subdivision[]>();
  for (const entry of iso31662) {
    const [country, code] = splitSubdivisionCode(entry.code);
    if (entry.parent !== country) continue;
    const list = subdivisionsOf.get(country) ?? [];
    list.push(Object.freeze({ code, name: entry.name }));
    subdivisionsOf.set(country, list);
  }
  return Object.freeze(
    iso31661
      .map((entry) =>
        Object.freeze({
          code: entry.alpha2,
          name: entry.name,
          hasPostalCodes: HAS_POSTAL_CODES,
          requiresState: REQUIRES_STATE,
          subdivisions: Object.freeze(
            (subdivisionsOf.get(entry.alpha2) ?? []).sort(byName),
          ) as Subdivision[],
        }),
      )
      .sort(byName),
  );
}

/** `US-TX` → [`US`, `TX`]. */
function splitSubdivisionCode(code: string): [string, string] {
  const dash = code.indexOf('-');
  return [code.slice(0, dash), code.slice(dash + 1)];
}

const byName = (a: { name: string }, b: { name: string }): number =>
  a.name.localeCompare(b.name, 'en');
