import type { Provider } from './port.js';

/** The provider could not be reached: network error, DNS, timeout, rate limit or a 5xx (HTTP 502 upstream). */
export class ProviderUnreachableError extends Error {
  override name = 'ProviderUnreachableError';
  constructor(
    readonly provider: Provider,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
