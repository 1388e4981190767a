import { Alert } from '../../components/ui/alert.js';

const n = new Intl.NumberFormat('en-US');

/** Rows billed in another currency than the org's are not in a view's figures: say so (one currency per view). */
export function CurrencyNotice({ records, currency }: { records: number | undefined; currency: string }) {
  if (!records) return null;
  return (
    <div data-testid="other-currency-notice">
      <Alert title="Some costs are not in these totals">
        <p>
          {n.format(records)} {records === 1 ? 'row' : 'rows'} billed in other currencies than {currency}{' '}
          {records === 1 ? 'is' : 'are'} not in these totals.
        </p>
      </Alert>
    </div>
  );
}
