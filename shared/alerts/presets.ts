import type { z } from 'zod';
import type { AlertPresetSchema } from '../contracts/alerts.js';

export type AlertPreset = z.output<typeof AlertPresetSchema>;

/**
 * Ready-made alerts (`GET /api/v1/alerts/{org}/presets`; `POST` with `preset` creates one). A preset without a
 * threshold leaves the amount to the caller: a budget is the org's own figure, never a guess of ours.
 */
export const ALERT_PRESETS: readonly AlertPreset[] = [
  {
    preset: 'monthly-budget',
    name: 'Monthly budget',
    description: 'The cost of the month to date is above your budget (give the budget as threshold).',
    alert: { kind: 'cost_threshold', period: 'month', severity: 'critical' },
  },
  {
    preset: 'daily-spike',
    name: 'Daily cost spike',
    description: "Today's cost so far is more than 50% above yesterday's.",
    alert: { kind: 'cost_change', period: 'day', percent: 50, severity: 'warning' },
  },
  {
    preset: 'month-end-forecast',
    name: 'Month-end forecast over budget',
    description:
      'The month-end forecast (the month to date, extended linearly) is above your budget (give it as threshold).',
    alert: { kind: 'forecast', period: 'month', severity: 'warning' },
  },
  {
    preset: 'genai-daily-spend',
    name: 'GenAI daily spend',
    description: "Today's GenAI cost is above an amount (give it as threshold).",
    alert: { kind: 'cost_threshold', period: 'day', scope: { cost_type: 'genai' }, severity: 'warning' },
  },
  {
    preset: 'pipeline-failures',
    name: 'Pipeline failures',
    description: 'A pipeline run ended FAILED or was dead-lettered.',
    alert: { kind: 'pipeline_failure', severity: 'critical' },
  },
  {
    preset: 'unpriced-genai-usage',
    name: 'Unpriced GenAI usage',
    description: 'GenAI usage appeared for a model without a price, so its cost is missing from the totals.',
    alert: { kind: 'unpriced_usage', severity: 'warning' },
  },
  {
    preset: 'stale-data',
    name: 'Stale provider data',
    description: "A provider's cost data is more than 3 days behind.",
    alert: { kind: 'stale_data', days: 3, severity: 'warning' },
  },
];

const byId = new Map(ALERT_PRESETS.map((p) => [p.preset, p]));

/** The preset of that id, if there is one. */
export const findPreset = (id: string): AlertPreset | undefined => byId.get(id);
