import type { Migration } from '../migrate.js';
import { migration as m001 } from './001-control-plane.js';
import { migration as m002 } from './002-integrations-pipelines.js';
import { migration as m003 } from './003-genai-pricing.js';
import { migration as m004 } from './004-saas-subscriptions.js';
import { migration as m005 } from './005-hierarchy.js';
import { migration as m006 } from './006-cost-cache.js';
import { migration as m007 } from './007-allocation-state.js';

/** Every control-plane migration, in order. Add a file and append it here. */
export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007];
