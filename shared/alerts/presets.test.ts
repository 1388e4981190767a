import { describe, expect, it } from 'vitest';
import { AlertPresetSchema, CreateAlertBodySchema } from '../contracts/alerts.js';
import { ALERT_PRESETS, findPreset } from './presets.js';
import { definitionOf } from './store.js';

describe('alert presets', () => {
  it('are contract-shaped, with unique ids and names', () => {
    for (const p of ALERT_PRESETS) expect(AlertPresetSchema.parse(p)).toEqual(p);
    expect(ALERT_PRESETS.length).toBeGreaterThanOrEqual(5);
    expect(new Set(ALERT_PRESETS.map((p) => p.preset)).size).toBe(ALERT_PRESETS.length);
    expect(new Set(ALERT_PRESETS.map((p) => p.name)).size).toBe(ALERT_PRESETS.length);
    expect(findPreset('stale-data')?.alert).toEqual({ kind: 'stale_data', days: 3, severity: 'warning' });
    expect(findPreset('nope')).toBeUndefined();
  });

  it.each(ALERT_PRESETS.map((p) => [p.preset, p] as const))(
    '%s makes a whole alert (with a threshold from the body where it has none)',
    (id, p) => {
      const needsAmount =
        p.alert.threshold === undefined && ['cost_threshold', 'forecast'].includes(p.alert.kind);
      const body = CreateAlertBodySchema.parse({
        preset: id,
        channel_ids: [],
        ...(needsAmount ? { threshold: 100 } : {}),
      });
      const { definition, preset } = definitionOf(body);
      expect(preset).toBe(id);
      expect(definition).toMatchObject({ name: p.name, kind: p.alert.kind, severity: p.alert.severity });
      if (needsAmount) expect(definition.threshold).toBe(100);
    },
  );
});
