import { z } from 'zod';
import type { SummaryDimension } from '../../../../shared/contracts/genai.js';
import { parseCostSearch } from '../../lib/url-search.js';

/**
 * The GenAI summary's group_by values (the contract's SUMMARY_DIMENSIONS, checked equal by genai-search.test.ts):
 * listed here so the router, in the entry chunk, does not pull in the GenAI contract module.
 */
export const GROUP_BY = [
  'provider',
  'model',
  'workspace',
  'api_key',
  'token_type',
] as const satisfies readonly SummaryDimension[];

/** The GenAI page's URL: the cost filters and how the breakdown is grouped (provider unless it says). */
const GenAiSearchSchema = z.object({ group_by: z.enum(GROUP_BY).optional().catch(undefined) });

export const parseGenAiSearch = (raw: unknown) => ({
  ...parseCostSearch(raw),
  ...GenAiSearchSchema.parse(raw ?? {}),
});

export const GROUP_LABELS: Record<SummaryDimension, string> = {
  provider: 'Provider',
  model: 'Model',
  workspace: 'Workspace / project',
  api_key: 'API key',
  token_type: 'Token type',
};
