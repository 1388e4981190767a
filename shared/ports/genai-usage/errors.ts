import type { Provider } from '../../contracts/providers.js';

/** The provider refused the admin key (HTTP 401/403); `message` is the provider's own text, secrets scrubbed. */
export class CredentialRejectedError extends Error {
  override name = 'CredentialRejectedError';
  constructor(
    readonly provider: Provider,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The provider refused the request itself (other 3xx/4xx: bad parameter, unknown path); a bug on our side. */
export class UsageRequestError extends Error {
  override name = 'UsageRequestError';
  constructor(
    readonly provider: Provider,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
