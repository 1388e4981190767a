/**
 * Money as the API gives it: one amount in the org's currency, formatted in full to the smallest unit the currency
 * has (cents for USD: `$75,636.98`). The browser formats; it never adds amounts up to make a total of its own.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string, compact: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency}|${compact}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** `75636.98, 'USD'` → `$75,636.98`; `-12.5, 'EUR'` → `-€12.50`. */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  // -0 (a credit rounded away) reads as 0, never as "-$0.00".
  return formatter(currency, locale, false).format(Object.is(amount, -0) ? 0 : amount);
}

/** Short form for chart axes only (`$75.6K`); a figure a person reads in full uses formatMoney. */
export function formatMoneyCompact(amount: number, currency: string, locale = 'en-US'): string {
  return formatter(currency, locale, true).format(amount);
}

/** The change from `previous` to `current` as a signed percentage (`+12.3%`), or null when there is no base. */
export function formatChange(current: number, previous: number, locale = 'en-US'): string | null {
  if (previous === 0) return null;
  const ratio = (current - previous) / Math.abs(previous);
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(ratio);
}
