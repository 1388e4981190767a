import type { Scheduler, SchedulerOptions } from './port.js';

/** Chooses the adapter from configuration; the Cloud Scheduler client is loaded only when chosen. */
export async function openScheduler(o: SchedulerOptions): Promise<Scheduler> {
  if (o.kind === 'cloud') {
    if (!o.projectId) throw new Error('SCHEDULER=cloud needs GCP_PROJECT_ID.');
    const { cloudScheduler } = await import('./cloud-scheduler.js');
    return cloudScheduler(o.jobs, `projects/${o.projectId}/locations/${o.region}`, o.prefix);
  }
  const { localCron } = await import('./local-cron.js');
  return localCron(o.jobs, o.trigger);
}
