/** Service tiers (flex / priority) and the batch discount of an entry body. */
import { D } from '../rates.js';
import type { PriceKey, Rates } from '../types.js';
import { BATCH_POLICY } from './catalog.js';
import { sameRates, type Converted } from './convert.js';
import type { BodyContext, EntryBody } from './rules.js';

/** The batch discount in percent implied by explicit batch rates, if the same for every key. */
function batchPct(base: Rates, batch: Rates): string | undefined {
  const pcts = (Object.keys(batch) as PriceKey[])
    .filter((k) => base[k] !== undefined && !new D(base[k] ?? 0).isZero())
    .map((k) =>
      new D(1)
        .minus(new D(batch[k] ?? 0).div(base[k] ?? 1))
        .times(100)
        .toFixed(),
    );
  return pcts.length && pcts.every((p) => p === pcts[0]) ? pcts[0] : undefined;
}

/**
 * Keeps tiers with both an input and an output price that differ from the standard price, and the batch
 * discount: explicit batch rates when they are one discount for all keys, else the provider's policy.
 */
export function tiersAndBatch(
  conv: Converted,
  rates: Rates,
  ctx: BodyContext,
  note: (decision: string) => void,
  notes: string[],
): { service_tiers?: EntryBody['service_tiers']; pct?: string } {
  const { provider, model } = ctx;
  const service_tiers: NonNullable<EntryBody['service_tiers']> = {};
  for (const [name, tier] of Object.entries(conv.service_tiers ?? {}) as [
    'flex' | 'priority',
    { rates?: Rates },
  ][]) {
    const t = tier.rates ?? {};
    if (t.input === undefined || t.output === undefined)
      note(`dropped ${name} tier: no input or output price`);
    else if (sameRates(t, Object.fromEntries(Object.keys(t).map((k) => [k, rates[k as PriceKey]])))) {
      note(`dropped ${name} tier: equal to the standard price (placeholder)`);
    } else service_tiers[name] = tier as NonNullable<EntryBody['service_tiers']>['flex'];
  }
  let pct = conv.batch_rates ? batchPct(rates, conv.batch_rates) : undefined;
  if (conv.batch_rates && pct === undefined) note('ignored batch rates: not one discount for all keys');
  const policyProvider = provider === 'vertex' && model.startsWith('gemini-') ? 'google' : provider;
  const policy = BATCH_POLICY[policyProvider];
  const policyApplies = policy && (policyProvider !== 'openai' || ctx.supportsBatchEndpoint);
  if (pct === undefined && policyApplies) {
    pct = policy.pct;
    notes.push(policy.note);
  }
  return {
    ...(Object.keys(service_tiers).length ? { service_tiers } : {}),
    ...(pct !== undefined ? { pct } : {}),
  };
}
