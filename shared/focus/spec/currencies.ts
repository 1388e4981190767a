// ISO 4217 national currency codes (CurrencyFormat, FOCUS 1.3 specification §2), from the runtime's ICU list.

/** ISO 4217 codes that are not national currencies (funds, metals, SDR, test and "no currency" codes). */
const NON_NATIONAL = new Set('XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX'.split(' '));

/** The national currency codes, or undefined when the runtime cannot list currencies. */
export const ISO_4217_NATIONAL: ReadonlySet<string> | undefined = (() => {
  try {
    return new Set(Intl.supportedValuesOf('currency').filter((c) => !NON_NATIONAL.has(c)));
  } catch {
    return undefined;
  }
})();

/** Why `code` is not an ISO 4217 national currency code, or undefined when it is one. */
export function nationalCurrencyProblem(code: string): string | undefined {
  if (!/^[A-Z]{3}$/.test(code)) return `'${code}' is not a three-letter upper-case ISO 4217 code`;
  if (ISO_4217_NATIONAL && !ISO_4217_NATIONAL.has(code))
    return `'${code}' is not an ISO 4217 national currency code`;
  return undefined;
}
