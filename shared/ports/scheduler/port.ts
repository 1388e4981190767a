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

/** The resource prefix shared with Terraform: `cloudact-<env suffix>`. */
export const resourcePrefix = (datasetEnv: string) => `cloudact-${datasetEnv}`;
