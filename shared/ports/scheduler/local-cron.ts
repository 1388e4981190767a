import { Cron } from 'croner';
import type { JobSchedule, JobStatus, Scheduler } from './port.js';

/** Fires each job on its cron (UTC) by calling `trigger`, which publishes the job's message on the bus. */
export function localCron(
  jobs: readonly JobSchedule[],
  trigger: (job: JobSchedule, at: Date) => Promise<void>,
): Scheduler {
  let crons: Cron[] = [];
  return {
    start() {
      crons = jobs.map(
        (job) =>
          new Cron(
            job.schedule,
            { timezone: 'UTC', name: `cloudact-${job.name}`, protect: true },
            async () => {
              await trigger(job, new Date());
            },
          ),
      );
    },
    stop() {
      crons.forEach((c) => c.stop());
      crons = [];
    },
    async status(): Promise<JobStatus[]> {
      return jobs.map((job) => {
        const next = new Cron(job.schedule, { timezone: 'UTC', paused: true }).nextRun();
        return {
          name: job.name,
          schedule: job.schedule,
          state: 'scheduled',
          next_run_at: next?.toISOString() ?? null,
        };
      });
    },
  };
}
