import { z } from 'zod';
import { route } from './route.js';
import {
  EmptyQuerySchema,
  listOf,
  OrgParamsSchema,
  OrgSlugSchema,
  PlanSchema,
  SubscriptionStatusSchema,
  TimestampSchema,
} from './common.js';

export const BootstrapResponseSchema = z.object({
  status: z.literal('ok'),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  existing: z.array(z.string()),
});

export const DatasetSyncSchema = z.object({
  org_slug: OrgSlugSchema,
  dataset: z.string(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  existing: z.array(z.string()),
});

export const ApiKeyInfoSchema = z.object({
  key_id: z.string(),
  fingerprint: z.string(),
  status: z.enum(['ACTIVE', 'REVOKED']),
  created_at: TimestampSchema,
  revoked_at: TimestampSchema.nullable(),
});

export const OrgSummarySchema = z.object({
  org_slug: OrgSlugSchema,
  org_name: z.string(),
  plan: PlanSchema,
  status: SubscriptionStatusSchema,
  dataset: z.string(),
  created_at: TimestampSchema,
});

export const JobStatusSchema = z.object({
  name: z.string(),
  schedule: z.string(),
  state: z.enum(['scheduled', 'missing', 'drifted']),
  next_run_at: TimestampSchema.nullable(),
});

export const StaleCleanupSchema = z.object({
  org_slug: OrgSlugSchema,
  failed: z.array(z.string()).describe('`run_id/step_id` of each stale step failed with its run'),
});

const KeyParamsSchema = z.strictObject({ org: OrgSlugSchema, key_id: z.uuid() });

const ProcedureSyncSchema = z.object({
  org_slug: z.string(),
  dataset: z.string(),
  routines: z.array(z.string()),
});

export const adminRoutes = {
  bootstrap: route({
    id: 'admin.bootstrap',
    method: 'POST',
    path: '/api/v1/admin/bootstrap',
    summary: 'Apply control-plane migrations and create the central warehouse dataset. Re-runnable.',
    auth: ['root'],
    response: BootstrapResponseSchema,
  }),
  listOrgs: route({
    id: 'admin.listOrgs',
    method: 'GET',
    path: '/api/v1/admin/organizations',
    summary: 'Every organization with its plan and status.',
    auth: ['root'],
    query: EmptyQuerySchema,
    response: listOf(OrgSummarySchema),
  }),
  syncAll: route({
    id: 'admin.syncAll',
    method: 'POST',
    path: '/api/v1/admin/organizations/sync',
    summary: 'Bring every org dataset up to the current table definitions (create tables, add columns).',
    auth: ['root'],
    response: listOf(DatasetSyncSchema),
  }),
  syncOrg: route({
    id: 'admin.syncOrg',
    method: 'POST',
    path: '/api/v1/admin/organizations/{org}/sync',
    summary: "Bring one org's dataset up to the current table definitions.",
    auth: ['root'],
    params: OrgParamsSchema,
    response: DatasetSyncSchema,
  }),
  syncProcedures: route({
    id: 'admin.syncProcedures',
    method: 'POST',
    path: '/api/v1/admin/procedures/sync',
    summary:
      'Create or replace every SQL procedure as a routine in every org dataset (BigQuery table functions; table macros in the embedded warehouse).',
    auth: ['root'],
    response: listOf(ProcedureSyncSchema),
  }),
  syncOrgProcedures: route({
    id: 'admin.syncOrgProcedures',
    method: 'POST',
    path: '/api/v1/admin/organizations/{org}/procedures/sync',
    summary: "Create or replace every SQL procedure as a routine in one org's dataset.",
    auth: ['root'],
    params: OrgParamsSchema,
    response: ProcedureSyncSchema,
  }),
  listKeys: route({
    id: 'admin.listKeys',
    method: 'GET',
    path: '/api/v1/admin/organizations/{org}/api-keys',
    summary: "An org's API keys (fingerprints and status, never the key).",
    auth: ['root'],
    params: OrgParamsSchema,
    query: EmptyQuerySchema,
    response: listOf(ApiKeyInfoSchema),
  }),
  createKey: route({
    id: 'admin.createKey',
    method: 'POST',
    path: '/api/v1/admin/organizations/{org}/api-keys',
    summary: 'Issue an additional API key for an org (returned once); existing keys keep working.',
    auth: ['root'],
    params: OrgParamsSchema,
    response: z.object({ key_id: z.string(), api_key: z.string(), api_key_fingerprint: z.string() }),
    status: 201,
  }),
  jobs: route({
    id: 'admin.jobs',
    method: 'GET',
    path: '/api/v1/admin/jobs',
    summary: 'Scheduled jobs from the registry with their next run (Cloud Scheduler drift in production).',
    auth: ['root'],
    query: EmptyQuerySchema,
    response: listOf(JobStatusSchema),
  }),
  staleCleanup: route({
    id: 'admin.staleCleanup',
    method: 'POST',
    path: '/api/v1/admin/organizations/{org}/stale-cleanup',
    summary:
      "Fail the org's stale runs now, freeing their concurrency slots: a step with no heartbeat for STEP_HEARTBEAT_SECONDS (its process died) or queued longer than its timeout plus STALE_GRACE_SECONDS (its message was lost), retries left or not. Other orgs' runs wait for the scheduled stale cleanup (STALE_CLEANUP_CRON).",
    auth: ['root'],
    params: OrgParamsSchema,
    response: StaleCleanupSchema,
  }),
  revokeKey: route({
    id: 'admin.revokeKey',
    method: 'DELETE',
    path: '/api/v1/admin/organizations/{org}/api-keys/{key_id}',
    summary: 'Revoke one API key.',
    auth: ['root'],
    params: KeyParamsSchema,
    response: ApiKeyInfoSchema,
  }),
};
