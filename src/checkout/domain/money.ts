/**
 * Exact money: amounts live as integer minor units (cents) and become JSON numbers only at the
 * edge. The number of minor digits comes from ICU's currency data, not from a hand-kept table.
 */
export class Currency {
  private constructor(
    readonly code: string,
    readonly decimalPlaces: number,
  ) {}

  private static readonly cache = new Map<string, Currency>();

  /** One instance per code: building an Intl.NumberFormat per checkout load is measurable. */
  static of(code: string): Currency {
    const upper = code.toUpperCase();
    const cached = Currency.cache.get(upper);
    if (cached) return cached;
    if (!Currency.known().has(upper)) throw new RangeError(`Unknown ISO 4217 currency: ${code}`);
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency: upper });
    const currency = new Currency(upper, digits.resolvedOptions().maximumFractionDigits ?? 2);
    Currency.cache.set(upper, currency);
    return currency;
  }

  static isKnown(code: string): boolean {
    return Currency.known().has(code.toUpperCase());
  }

  private static knownCodes: ReadonlySet<string> | undefined;
  private static known(): ReadonlySet<string> {
    return (Currency.knownCodes ??= new Set(Intl.supportedValuesOf('currency')));
  }

  /**
   * Converts a decimal amount to minor units, or returns undefined when the amount has more
   * decimals than the currency allows (19.999 USD), is negative or is not a finite number.
   */
  toMinor(amount: number): number | undefined {
    if (!Number.isFinite(amount) || amount < 0) return undefined;
    const fixed = amount.toFixed(this.decimalPlaces);
    if (Number(fixed) !== amount) return undefined;
    const minor = Number(fixed.replace('.', ''));
    return Number.isSafeInteger(minor) ? minor : undefined;
  }

  fromMinor(minor: number): number {
    return minor / 10 ** this.decimalPlaces;
  }
}
