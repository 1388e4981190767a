import { CloudSchedulerClient } from '@google-cloud/scheduler';
import type { JobSchedule, JobStatus, Scheduler } from './port.js';

/**
 * Production: Cloud Scheduler runs the jobs (Terraform creates `<prefix>-<job>` from the registry). This adapter
 * compares what exists with the registry so drift is visible in the admin API.
 */
export function cloudScheduler(
  jobs: readonly JobSchedule[],
  parent: string,
  prefix: string,
  client: Pick<CloudSchedulerClient, 'getJob'> = new CloudSchedulerClient(),
): Scheduler {
  return {
    start() {},
    stop() {},
    async status(): Promise<JobStatus[]> {
      return Promise.all(
        jobs.map(async (job): Promise<JobStatus> => {
          try {
            const [remote] = await client.getJob({ name: `${parent}/jobs/${prefix}-${job.name}` });
            const nextRun = remote.scheduleTime?.seconds
              ? new Date(Number(remote.scheduleTime.seconds) * 1000)
              : null;
            return {
              name: job.name,
              schedule: job.schedule,
              state:
                remote.schedule === job.schedule && remote.timeZone === 'Etc/UTC' ? 'scheduled' : 'drifted',
              next_run_at: nextRun?.toISOString() ?? null,
            };
          } catch (err) {
            if ((err as { code?: number }).code === 5)
              return { name: job.name, schedule: job.schedule, state: 'missing', next_run_at: null };
            throw err;
          }
        }),
      );
    },
  };
}
