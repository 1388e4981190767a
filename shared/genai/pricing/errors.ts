/** Typed errors of the pricing library; both are permanent (a retry will not fix them). */
import { AppError } from '../../errors/index.js';

/** A usage row that cannot be priced as given (e.g. more cached than total input tokens); names the row. */
export class UsageDataError extends AppError {
  override name = 'UsageDataError';
  constructor(
    /** `provider/model@date` plus the caller's row id. */
    readonly row: string,
    message: string,
  ) {
    super('invalid', `Usage row ${row}: ${message}`, { retryable: false });
  }
}

/** An invalid price entry or price book (bad schema, duplicate dated entry). */
export class PriceBookError extends AppError {
  override name = 'PriceBookError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('invalid', message, { ...options, retryable: false });
  }
}
