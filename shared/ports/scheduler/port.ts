/** A scheduled job as the registry declares it. */
export interface JobSchedule {
  name: string;
  /** Cron expression, evaluated in UTC. */
  schedule: string;
  topic: string;
}

export interface JobStatus {
  name: string;
  schedule: string;
  state: 'scheduled' | 'missing' | 'drifted';
  next_run_at: string | null;
}

/**
 * The scheduler port. Locally a cron runner publishes each job's trigger on the bus; in production Cloud
 * Scheduler does (jobs provisioned by Terraform from the same registry), and this port only reports on them.
 */
export interface Scheduler {
  start(): void;
  stop(): void;
  status(): Promise<JobStatus[]>;
}

export interface SchedulerOptions {
  kind: 'local' | 'cloud';
  jobs: readonly JobSchedule[];
  /** Local: publishes the job's trigger (the local runtime passes the bus). */
  trigger: (job: JobSchedule, at: Date) => Promise<void>;
  projectId?: string;
  region: string;
  /** Cloud Scheduler job ids are `<prefix>-<job>` (Terraform uses the same prefix). */
  prefix: string;
}

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

/** The resource prefix shared with Terraform: `cloudact-<env suffix>`. */
export const resourcePrefix = (datasetEnv: string) => `cloudact-${datasetEnv}`;
