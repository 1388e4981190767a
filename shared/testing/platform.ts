import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../scripts/local/test-platform.js';
import { fakeProviderEnv, startFakeProviders, type FakeProviders } from './fake-providers.js';

/** What a whole-platform suite works with: the platform, the fake providers behind it, the exports dir. */
export interface PlatformFixture {
  p: TestPlatform;
  fake: FakeProviders;
  /** A fresh directory that CLOUD_EXPORTS_DIR points at (billing exports the pipelines read). */
  exportsDir: string;
}

/** An org as `platform.onboard()` returns it: its slug and its API key. */
export type Org = Awaited<ReturnType<TestPlatform['onboard']>>;

export interface PlatformOptions {
  /** Settings beside the fake providers' endpoints and CLOUD_EXPORTS_DIR (may read the fake's endpoints). */
  env?: (fake: FakeProviders) => Record<string, string>;
}

/**
 * A bare platform (no fake providers, no exports dir) for a router suite: started before the file's tests with
 * `startTestPlatform`'s arguments (extra settings, options), closed after them. `ready` receives it, e.g.
 * `useBarePlatform((q) => (p = q))`.
 */
export function useBarePlatform(
  ready: (p: TestPlatform) => void,
  ...settings: Parameters<typeof startTestPlatform>
): void {
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform(...settings);
    ready(platform);
  });
  afterAll(() => platform?.close());
}

/**
 * The suite lifecycle, written once: before the file's tests, fake providers, an exports dir and a whole
 * platform wired to both (Azure's authority host included); after them, all three are closed and removed.
 * `ready` receives the fixture once it is up, e.g. `usePlatform((f) => ({ p, fake, exportsDir } = f))`.
 * Each test onboards its own org with `p.onboard()`, so tests never share tenant state.
 */
export function usePlatform(ready: (fixture: PlatformFixture) => void, options: PlatformOptions = {}): void {
  let fixture: PlatformFixture | undefined;
  beforeAll(async () => {
    const exportsDir = mkdtempSync(join(tmpdir(), 'cloudact-exports-'));
    const fake = await startFakeProviders();
    const p = await startTestPlatform({
      ...fakeProviderEnv(fake),
      AZURE_AUTHORITY_HOST: String(fake.endpoints.AZURE_AUTHORITY_HOST),
      CLOUD_EXPORTS_DIR: exportsDir,
      ...options.env?.(fake),
    });
    fixture = { p, fake, exportsDir };
    ready(fixture);
  });
  afterAll(async () => {
    if (!fixture) return;
    await fixture.p.close();
    await fixture.fake.close();
    rmSync(fixture.exportsDir, { recursive: true, force: true });
  });
}
