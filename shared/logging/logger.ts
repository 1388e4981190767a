import { redact } from './redact.js';

export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
const RANK: Record<string, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SEVERITY_RANK: Record<Severity, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

export type LogSink = (line: string) => void;

/** Structured JSON logs in Cloud Logging's shape (`severity`, `message`), secrets redacted. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

let sink: LogSink = (line) => process.stdout.write(line + '\n');
let level = 'info';

/** Redirects every logger's output (tests capture logs this way). */
export function setLogSink(next: LogSink): void {
  sink = next;
}

export function setLogLevel(next: string): void {
  level = next;
}

export function createLogger(base: Record<string, unknown> = {}): Logger {
  const write = (severity: Severity, message: string, fields?: Record<string, unknown>) => {
    if (SEVERITY_RANK[severity] < (RANK[level] ?? 20)) return;
    const entry = redact({ severity, message, time: new Date().toISOString(), ...base, ...fields });
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('DEBUG', m, f),
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARNING', m, f),
    error: (m, f) => write('ERROR', m, f),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

export const logger = createLogger();
