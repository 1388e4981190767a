import { checkTarget, type Lookup } from '../net/ssrf.js';
import { pinnedPost } from '../net/pinned-post.js';
import { failed, SEND_TIMEOUT_MS, type SendResult } from './send-result.js';

export interface HttpSendOptions {
  allowLoopback: boolean;
  timeoutMs?: number;
  lookup?: Lookup;
}

/** The part of a receiver's answer worth keeping in an error: one short line, no markup. */
const excerpt = (body: string) => body.replace(/\s+/g, ' ').trim().slice(0, 200);

/**
 * POSTs a JSON body to a customer's URL through the SSRF guard (checked address pinned, no redirects followed) and
 * classifies the answer: 2xx delivered; 3xx, and 4xx other than 408/429, permanent; 5xx, 408, 429, timeouts and
 * network errors retryable.
 */
export async function postToReceiver(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: HttpSendOptions,
): Promise<SendResult> {
  const check = await checkTarget(url, { allowLoopback: options.allowLoopback, lookup: options.lookup });
  if (!check.ok) return failed(`The URL was refused: it ${check.reason}.`, false);
  const outcome = await pinnedPost(
    check.target,
    body,
    { 'content-type': 'application/json', 'user-agent': 'CloudAct-Notifications/1', ...headers },
    options.timeoutMs ?? SEND_TIMEOUT_MS,
  );
  if (outcome.kind === 'timeout')
    return failed(`The receiver did not answer within ${options.timeoutMs ?? SEND_TIMEOUT_MS} ms.`, true);
  if (outcome.kind === 'network')
    return failed(`The receiver could not be reached (${outcome.message}).`, true);
  const { status } = outcome;
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 300 && status < 400)
    return failed(`The receiver answered ${status} (a redirect); redirects are not followed.`, false, status);
  const said = excerpt(outcome.body);
  const message = `The receiver answered ${status}${said ? `: ${said}` : ''}.`;
  return failed(message, status >= 500 || status === 408 || status === 429, status);
}
