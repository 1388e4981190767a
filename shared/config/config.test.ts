import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, EnvSchema, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('applies the embedded defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      ENVIRONMENT: 'local',
      PORT: 8080,
      WAREHOUSE: 'duckdb',
      BUS: 'in-process',
      LOCAL_IDENTITY: true,
      datasetEnv: 'local',
    });
  });

  it('turns the local identity off by default in production and maps the dataset suffix', () => {
    expect(parseConfig({ ENVIRONMENT: 'production' })).toMatchObject({
      LOCAL_IDENTITY: false,
      datasetEnv: 'prod',
    });
  });

  it('names every bad setting', () => {
    expect(() => parseConfig({ PORT: 'eighty', WAREHOUSE: 'oracle', DISABLE_AUTH: 'maybe' })).toThrow(
      ConfigError,
    );
    try {
      parseConfig({ PORT: 'eighty', WAREHOUSE: 'oracle', DISABLE_AUTH: 'maybe' });
    } catch (err) {
      for (const name of ['PORT', 'WAREHOUSE', 'DISABLE_AUTH'])
        expect((err as Error).message).toContain(name);
    }
  });

  it('reads booleans strictly', () => {
    expect(parseConfig({ DISABLE_AUTH: 'true' }).DISABLE_AUTH).toBe(true);
    expect(parseConfig({ DISABLE_AUTH: '0' }).DISABLE_AUTH).toBe(false);
  });
});

describe('README configuration table', () => {
  it('documents every setting of the schema', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = Object.keys(EnvSchema.shape).filter((k) => !readme.includes(`| \`${k}\` |`));
    expect(missing).toEqual([]);
  });
});
