import { describe, expect, it } from 'vitest';
import type { CloudSchedulerClient } from '@google-cloud/scheduler';
import { cloudScheduler } from './cloud-scheduler.js';
import { localCron } from './local-cron.js';
import type { JobSchedule } from './port.js';
import { fakeGoogleClient, grpcError, type NamedRequest } from '../../testing/google-client.js';

const job = (overrides: Partial<JobSchedule> = {}): JobSchedule => ({
  name: 'daily-rollup',
  schedule: '0 0 * * *',
  topic: 'job-daily-rollup',
  ...overrides,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('localCron', () => {
  it('status() reports the next run in UTC for each job', async () => {
    const jobs = [
      job(),
      job({ name: 'hourly', schedule: '15 * * * *' }),
      job({ name: 'monthly', schedule: '30 6 1 * *' }),
    ];
    const before = Date.now();
    const status = await localCron(jobs, async () => undefined).status();

    expect(status.map((s) => [s.name, s.schedule, s.state])).toEqual([
      ['daily-rollup', '0 0 * * *', 'scheduled'],
      ['hourly', '15 * * * *', 'scheduled'],
      ['monthly', '30 6 1 * *', 'scheduled'],
    ]);
    const [daily, hourly, monthly] = status.map((s) => new Date(s.next_run_at!)) as [Date, Date, Date];

    // Next midnight UTC: strictly after now, at most one day away, and exactly 00:00:00.000Z.
    const now = new Date(before);
    const nextMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    expect(daily.getTime()).toBe(nextMidnight);
    expect(status[0]!.next_run_at).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\.000Z$/);

    expect(hourly.getUTCMinutes()).toBe(15);
    expect(hourly.getTime()).toBeGreaterThan(before);
    expect(hourly.getTime() - before).toBeLessThanOrEqual(3_600_000);

    expect([monthly.getUTCDate(), monthly.getUTCHours(), monthly.getUTCMinutes()]).toEqual([1, 6, 30]);
    expect(monthly.getTime()).toBeGreaterThan(before);
  });

  it('start() fires the trigger on schedule and stop() stops it', async () => {
    const fired: { job: string; at: Date }[] = [];
    const scheduler = localCron([job({ name: 'every-second', schedule: '* * * * * *' })], async (j, at) => {
      fired.push({ job: j.name, at });
    });
    scheduler.start();
    try {
      await sleep(1_500);
    } finally {
      scheduler.stop();
    }
    const count = fired.length;
    expect(count).toBeGreaterThanOrEqual(1);
    expect(fired.every((f) => f.job === 'every-second' && f.at instanceof Date)).toBe(true);
    await sleep(1_200);
    expect(fired).toHaveLength(count);
  });

  it('does not fire before start()', async () => {
    let fired = 0;
    localCron([job({ schedule: '* * * * * *' })], async () => void fired++);
    await sleep(1_100);
    expect(fired).toBe(0);
  });
});

const fakeSchedulerClient = (getJob: (request: NamedRequest) => Promise<unknown>) =>
  fakeGoogleClient<CloudSchedulerClient, 'getJob'>('getJob', getJob);

const PARENT = 'projects/p/locations/us-central1';

describe('cloudScheduler', () => {
  it('reports scheduled, drifted and missing jobs by comparing with Cloud Scheduler', async () => {
    const next = Date.UTC(2026, 0, 2, 0, 0, 0) / 1000;
    const remote: Record<string, unknown> = {
      [`${PARENT}/jobs/ca-prod-daily-rollup`]: {
        schedule: '0 0 * * *',
        timeZone: 'Etc/UTC',
        scheduleTime: { seconds: String(next) },
      },
      [`${PARENT}/jobs/ca-prod-hourly`]: { schedule: '0 * * * *', timeZone: 'Etc/UTC' },
      [`${PARENT}/jobs/ca-prod-wrong-zone`]: { schedule: '0 1 * * *', timeZone: 'America/New_York' },
    };
    const fake = fakeSchedulerClient(async ({ name }) => {
      if (!(name in remote)) throw grpcError(5);
      return [remote[name]];
    });
    const jobs = [
      job(),
      job({ name: 'hourly', schedule: '15 * * * *' }),
      job({ name: 'wrong-zone', schedule: '0 1 * * *' }),
      job({ name: 'not-deployed', schedule: '0 2 * * *' }),
    ];
    const status = await cloudScheduler(jobs, PARENT, 'ca-prod', fake.client).status();

    expect(fake.requests.sort()).toEqual(
      ['daily-rollup', 'hourly', 'not-deployed', 'wrong-zone'].map((n) => `${PARENT}/jobs/ca-prod-${n}`),
    );
    expect(status).toEqual([
      {
        name: 'daily-rollup',
        schedule: '0 0 * * *',
        state: 'scheduled',
        next_run_at: '2026-01-02T00:00:00.000Z',
      },
      { name: 'hourly', schedule: '15 * * * *', state: 'drifted', next_run_at: null },
      { name: 'wrong-zone', schedule: '0 1 * * *', state: 'drifted', next_run_at: null },
      { name: 'not-deployed', schedule: '0 2 * * *', state: 'missing', next_run_at: null },
    ]);
  });

  it('rethrows errors other than NOT_FOUND', async () => {
    const fake = fakeSchedulerClient(async () => {
      throw grpcError(7);
    });
    await expect(cloudScheduler([job()], PARENT, 'ca', fake.client).status()).rejects.toThrow('code 7');
  });

  it('start() and stop() do nothing (Cloud Scheduler runs the jobs)', () => {
    const fake = fakeSchedulerClient(async () => {
      throw new Error('not called');
    });
    const scheduler = cloudScheduler([job()], PARENT, 'ca', fake.client);
    scheduler.start();
    scheduler.stop();
    expect(fake.requests).toEqual([]);
  });
});
