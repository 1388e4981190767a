import { describe, expect, it } from 'vitest';
import { BILLING_FORMATS } from '../cloud/formats.js';
import { CLOUD_BILLING_FORMATS } from '../contracts/steps.js';

describe('extract-cloud-billing config', () => {
  it('names exactly the billing formats shared/cloud/formats.ts implements', () => {
    const implemented = BILLING_FORMATS.map((f) => `${f.provider}/${f.format}`).sort();
    const named = Object.entries(CLOUD_BILLING_FORMATS)
      .flatMap(([provider, formats]) => formats.map((f) => `${provider}/${f}`))
      .sort();
    expect(named).toEqual(implemented);
  });
});
