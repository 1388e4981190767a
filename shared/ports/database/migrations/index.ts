import type { Migration } from '../migrate.js';
import { sql as controlPlane } from './001-control-plane.js';
import { sql as integrationsPipelines } from './002-integrations-pipelines.js';
import { sql as genaiPricing } from './003-genai-pricing.js';
import { sql as saasSubscriptions } from './004-saas-subscriptions.js';
import { sql as hierarchy } from './005-hierarchy.js';
import { sql as costCache } from './006-cost-cache.js';
import { sql as allocationState } from './007-allocation-state.js';
import { sql as localIdentityConfirmation } from './008-local-identity-confirmation.js';
import { sql as accountsBilling } from './009-accounts-billing.js';
import { sql as notifications } from './010-notifications.js';
import { sql as alertsSummaries } from './011-alerts-summaries.js';
import { sql as deliveryLease } from './012-delivery-lease.js';
import { sql as stepFinalError } from './013-step-final-error.js';

/**
 * Every control-plane migration, in order. schema_versions records each version with its SQL's checksum, so the
 * SQL of an applied migration never changes (migrate() refuses it): add a file `NNN-name.ts` exporting `sql` and
 * append it here.
 */
export const migrations: readonly Migration[] = [
  { version: '001', name: 'control-plane', sql: controlPlane },
  { version: '002', name: 'integrations-pipelines', sql: integrationsPipelines },
  { version: '003', name: 'genai-pricing', sql: genaiPricing },
  { version: '004', name: 'saas-subscriptions', sql: saasSubscriptions },
  { version: '005', name: 'hierarchy', sql: hierarchy },
  { version: '006', name: 'cost-cache', sql: costCache },
  { version: '007', name: 'allocation-state', sql: allocationState },
  { version: '008', name: 'local-identity-confirmation', sql: localIdentityConfirmation },
  { version: '009', name: 'accounts-billing', sql: accountsBilling },
  { version: '010', name: 'notifications', sql: notifications },
  { version: '011', name: 'alerts-summaries', sql: alertsSummaries },
  { version: '012', name: 'delivery-lease', sql: deliveryLease },
  { version: '013', name: 'step-final-error', sql: stepFinalError },
];
