import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { SetupBodySchema } from '../contracts/integrations.js';
import type { Principal } from '../auth/principal.js';
import { auditRequest } from '../orgs/audit.js';
import {
  ProviderUnreachableError,
  providerAdapters,
  type Provider,
  type ValidationOutcome,
} from '../ports/provider-check/index.js';
import { isoTimestamp, isoTimestampOrNull as iso } from '../ports/database/values.js';
import { AppError, invalidInput, notFound, conflict, zodDetails } from '../errors/index.js';
import { bumpCostVersion } from '../costs/version.js';
import { pipelineWrittenTables } from '../datasets/index.js';
import type { Queryable } from '../ports/database/port.js';
import { orgDatasetOf } from '../orgs/org-record.js';

interface Row {
  credential_id: string;
  provider: Provider;
  name: string;
  status: 'VALID' | 'INVALID';
  fingerprint: string;
  account_id: string | null;
  config: Record<string, unknown>;
  last_error: string | null;
  created_at: Date;
  validated_at: Date | null;
}

const COLUMNS =
  'credential_id::text AS credential_id, provider, name, status, fingerprint, account_id, config, last_error, created_at, validated_at';
const toItem = (r: Row) => ({
  ...r,
  created_at: isoTimestamp(r.created_at),
  validated_at: iso(r.validated_at),
});
/** Binds a ciphertext to its org and credential: copied to another row it does not decrypt. */
const aad = (orgSlug: string, credentialId: string) => `cloudact:credential:${orgSlug}:${credentialId}`;

/** Shape checks (400) before any provider call. */
function parseInput(provider: Provider, credential: unknown, config: unknown) {
  const adapter = providerAdapters[provider];
  const c = adapter.credentialSchema.safeParse(credential);
  if (!c.success)
    throw invalidInput(`Malformed ${adapter.label} credential.`, zodDetails('body.credential', c.error));
  const k = adapter.configSchema.safeParse(config);
  if (!k.success) throw invalidInput(`Invalid ${adapter.label} config.`, zodDetails('body.config', k.error));
  return { adapter, credential: c.data as unknown, config: k.data as Record<string, unknown> };
}

/** Calls the provider; an unreachable provider is a 502 (nothing stored). */
async function callProvider(
  ctx: AppContext,
  provider: Provider,
  credential: unknown,
  config: unknown,
): Promise<ValidationOutcome> {
  try {
    return await providerAdapters[provider].validate(credential, config, ctx.config);
  } catch (err) {
    if (err instanceof ProviderUnreachableError) {
      throw new AppError(
        'upstream',
        `${providerAdapters[provider].label} could not be reached: ${err.message}`,
        {
          code: 'PROVIDER_UNREACHABLE',
        },
      );
    }
    throw err;
  }
}

const invalid = (provider: Provider, reason: string) =>
  new AppError('rejected', `${providerAdapters[provider].label} rejected the credential: ${reason}`, {
    code: 'CREDENTIAL_INVALID',
    details: { reason },
  });

/**
 * Refuses (402 PROVIDER_LIMIT) a credential of a provider the org does not have yet once its distinct providers
 * reach the plan's provider_limit; more credentials of a provider it has are always allowed. With `tx`, locks the
 * org's subscription row first, so two setups of two new providers at once are decided one after the other.
 */
async function enforceProviderLimit(db: Queryable, orgSlug: string, provider: Provider, lock = false) {
  const sub = await db.query<{ provider_limit: number }>(
    `SELECT provider_limit FROM org_subscriptions WHERE org_slug = $1${lock ? ' FOR UPDATE' : ''}`,
    [orgSlug],
  );
  if (!sub.rows[0]) throw notFound(`Organization ${orgSlug} not found.`);
  const limit = sub.rows[0].provider_limit;
  const { rows } = await db.query<{ provider: string }>(
    'SELECT DISTINCT provider FROM org_integration_credentials WHERE org_slug = $1',
    [orgSlug],
  );
  const providers = rows.map((r) => r.provider);
  if (!providers.includes(provider) && providers.length >= limit) {
    throw new AppError(
      'plan_limit',
      `Your plan allows ${limit} provider${limit === 1 ? '' : 's'} and all are in use; upgrade to add ${providerAdapters[provider].label}.`,
      { code: 'PROVIDER_LIMIT', details: { limit, providers: providers.sort() } },
    );
  }
}

/**
 * Validates a credential with its provider and stores it encrypted (envelope encryption through the
 * encryption port, bound to org and credential id). Nothing is stored when validation fails.
 */
export async function setupIntegration(
  ctx: AppContext,
  orgSlug: string,
  provider: Provider,
  body: z.output<typeof SetupBodySchema>,
  meta: { principal: Principal | undefined; requestId: string },
) {
  const input = parseInput(provider, body.credential, body.config);
  // Checked before the provider is called (no call for a setup that cannot be stored) and again under the lock.
  await enforceProviderLimit(await ctx.db(), orgSlug, provider);
  const outcome = await callProvider(ctx, provider, input.credential, input.config);
  if (!outcome.ok) throw invalid(provider, outcome.reason);
  const credentialId = randomUUID();
  const fingerprint = input.adapter.secretFingerprint(input.credential);
  const ciphertext = await (
    await ctx.encryption()
  ).encrypt(JSON.stringify(input.credential), aad(orgSlug, credentialId));
  const name = body.name ?? `${input.adapter.label} …${fingerprint}`;
  const db = await ctx.db();
  const row = await db.transaction(async (tx) => {
    await enforceProviderLimit(tx, orgSlug, provider, true);
    const { rows } = await tx.query<Row>(
      `INSERT INTO org_integration_credentials (credential_id, org_slug, provider, name, status, fingerprint, ciphertext, config,
         account_id, validated_at)
       VALUES ($1, $2, $3, $4, 'VALID', $5, $6, $7, $8, now())
       ON CONFLICT (org_slug, provider, name) DO NOTHING RETURNING ${COLUMNS}`,
      [
        credentialId,
        orgSlug,
        provider,
        name,
        fingerprint,
        ciphertext,
        JSON.stringify(input.config),
        outcome.account_id,
      ],
    );
    if (!rows[0]) throw conflict(`A ${provider} credential named "${name}" already exists.`);
    await auditRequest(tx, orgSlug, meta, 'integration.setup', credentialId, { provider, fingerprint });
    return rows[0];
  });
  const { credential_id, name: n, status, account_id, validated_at } = toItem(row);
  return { credential_id, provider, name: n, status, fingerprint, account_id, validated_at };
}

export async function listIntegrations(ctx: AppContext, orgSlug: string, provider?: Provider) {
  const { rows } = await (
    await ctx.db()
  ).query<Row>(
    `SELECT ${COLUMNS} FROM org_integration_credentials WHERE org_slug = $1 AND ($2::text IS NULL OR provider = $2)
     ORDER BY provider, created_at, credential_id`,
    [orgSlug, provider ?? null],
  );
  return { items: rows.map(toItem), next_cursor: null };
}

async function getRow(ctx: AppContext, orgSlug: string, provider: Provider, credentialId: string) {
  const { rows } = await (
    await ctx.db()
  ).query<Row & { ciphertext: string }>(
    `SELECT ${COLUMNS}, ciphertext FROM org_integration_credentials WHERE org_slug = $1 AND provider = $2 AND credential_id = $3`,
    [orgSlug, provider, credentialId],
  );
  if (!rows[0]) throw notFound(`Credential ${credentialId} not found.`);
  return rows[0];
}

/** The non-secret config of an org's credential (export location, aliases...); {} when it has none or is gone. */
export async function loadCredentialConfig(
  ctx: AppContext,
  orgSlug: string,
  credentialId: string,
): Promise<Record<string, unknown>> {
  const { rows } = await (
    await ctx.db()
  ).query<{ config: Record<string, unknown> | null }>(
    'SELECT config FROM org_integration_credentials WHERE org_slug = $1 AND credential_id = $2',
    [orgSlug, credentialId],
  );
  return rows[0]?.config ?? {};
}

/**
 * The decrypted credential of an org, for the pipeline step that needs it (and nothing else). The caller
 * must not log or persist it.
 */
export async function loadCredentialSecret(ctx: AppContext, orgSlug: string, credentialId: string) {
  const { rows } = await (
    await ctx.db()
  ).query<{ provider: Provider; ciphertext: string; config: Record<string, unknown> }>(
    'SELECT provider, ciphertext, config FROM org_integration_credentials WHERE org_slug = $1 AND credential_id = $2',
    [orgSlug, credentialId],
  );
  if (!rows[0]) throw notFound(`Credential ${credentialId} not found.`);
  const plaintext = await (await ctx.encryption()).decrypt(rows[0].ciphertext, aad(orgSlug, credentialId));
  return { provider: rows[0].provider, credential: JSON.parse(plaintext) as unknown, config: rows[0].config };
}

/** Re-validates a stored credential (records VALID/INVALID) or checks a new one without storing it. */
export async function validateIntegration(
  ctx: AppContext,
  orgSlug: string,
  provider: Provider,
  body: { credential_id: string } | { credential: unknown; config: Record<string, unknown> },
) {
  const now = new Date().toISOString();
  if ('credential_id' in body) {
    await getRow(ctx, orgSlug, provider, body.credential_id);
    const stored = await loadCredentialSecret(ctx, orgSlug, body.credential_id);
    const outcome = await callProvider(ctx, provider, stored.credential, stored.config);
    await (
      await ctx.db()
    ).query(
      `UPDATE org_integration_credentials SET status = $3, last_error = $4, validated_at = now(), updated_at = now(),
         account_id = COALESCE($5, account_id) WHERE org_slug = $1 AND credential_id = $2`,
      [
        orgSlug,
        body.credential_id,
        outcome.ok ? 'VALID' : 'INVALID',
        outcome.ok ? null : outcome.reason,
        outcome.ok ? outcome.account_id : null,
      ],
    );
    return result(provider, body.credential_id, outcome, now);
  }
  const input = parseInput(provider, body.credential, body.config);
  return result(provider, null, await callProvider(ctx, provider, input.credential, input.config), now);
}

const result = (provider: Provider, credentialId: string | null, o: ValidationOutcome, at: string) => ({
  provider,
  credential_id: credentialId,
  status: o.ok ? ('VALID' as const) : ('INVALID' as const),
  reason: o.ok ? null : o.reason,
  account_id: o.ok ? o.account_id : null,
  validated_at: at,
});

export async function renameIntegration(
  ctx: AppContext,
  orgSlug: string,
  provider: Provider,
  credentialId: string,
  name: string,
) {
  await getRow(ctx, orgSlug, provider, credentialId);
  const { rows } = await (
    await ctx.db()
  ).query<Row>(
    `UPDATE org_integration_credentials SET name = $4, updated_at = now()
     WHERE org_slug = $1 AND provider = $2 AND credential_id = $3
       AND NOT EXISTS (SELECT 1 FROM org_integration_credentials o WHERE o.org_slug = $1 AND o.provider = $2 AND o.name = $4 AND o.credential_id <> $3)
     RETURNING ${COLUMNS}`,
    [orgSlug, provider, credentialId, name],
  );
  if (!rows[0]) throw conflict(`A ${provider} credential named "${name}" already exists.`);
  return toItem(rows[0]);
}

/**
 * Deletes a credential and, with it, its rows in the org's pipeline-written tables (x_credential_id): the data it
 * brought in is no longer the org's, so a credential replaced by another for the same account is never counted
 * beside the new one. Refused while a run with the credential is in flight. The rows go first: if the credential's
 * delete then fails, it still exists and a run brings them back.
 */
export async function deleteIntegration(
  ctx: AppContext,
  orgSlug: string,
  provider: Provider,
  credentialId: string,
  meta: { principal: Principal | undefined; requestId: string },
) {
  await getRow(ctx, orgSlug, provider, credentialId);
  const db = await ctx.db();
  await refuseWhileRunning(db, orgSlug, credentialId);
  await deleteCredentialRows(ctx, orgSlug, credentialId);
  await db.transaction(async (tx) => {
    await refuseWhileRunning(tx, orgSlug, credentialId);
    const r = await tx.query(
      'DELETE FROM org_integration_credentials WHERE org_slug = $1 AND provider = $2 AND credential_id = $3',
      [orgSlug, provider, credentialId],
    );
    if (r.rowCount === 0) throw notFound(`Credential ${credentialId} not found.`);
    await bumpCostVersion(tx, orgSlug);
    await auditRequest(tx, orgSlug, meta, 'integration.delete', credentialId, { provider });
  });
}

async function refuseWhileRunning(db: Queryable, orgSlug: string, credentialId: string) {
  const { rows } = await db.query<{ run_id: string }>(
    `SELECT run_id::text AS run_id FROM pipeline_runs
     WHERE org_slug = $1 AND credential_id = $2 AND status IN ('PENDING', 'RUNNING') LIMIT 1`,
    [orgSlug, credentialId],
  );
  if (rows[0])
    throw conflict(`Run ${rows[0].run_id} uses this credential; delete it when the run has finished.`, {
      run_id: rows[0].run_id,
    });
}

/** Removes the credential's slice from every pipeline-written table of the org's dataset. */
async function deleteCredentialRows(ctx: AppContext, orgSlug: string, credentialId: string) {
  const dataset = await orgDatasetOf(ctx, orgSlug);
  const wh = await ctx.warehouse();
  const existing = new Set(await wh.listTables(dataset));
  for (const def of pipelineWrittenTables.filter((t) => existing.has(t.name))) {
    await wh.replaceSlice(dataset, def, { x_org_slug: orgSlug, x_credential_id: credentialId }, []);
  }
}
