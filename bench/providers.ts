/**
 * The fake provider server in a child process of its own, as a provider is in production: across the network, its
 * memory and CPU not the measured process's. `startBenchProviders()` forks this file; the parent sends commands
 * over IPC (`setValid`, `openaiMonth`, `curExport`) and gets each one's answer. Run only as that child.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fakeProviderEnv, startFakeProviders, type FakeSecrets } from '../shared/testing/fake-providers.js';
import { writeCurExport, type CurExport } from './cloud-data.js';
import { serveOpenAiMonth, type ServedMonth } from './genai-data.js';

/** The commands the child answers, and what each returns. */
interface Commands {
  setValid: { args: [family: keyof FakeSecrets, entries: unknown]; result: null };
  openaiMonth: { args: [rows: number]; result: ServedMonth };
  curExport: { args: [file: string, rows: number]; result: CurExport };
}
type Command = keyof Commands;
type Request = { id: number; command: Command; args: unknown[] };
type Reply = { id: number; result?: unknown; error?: string };

/** The fake provider server running in a child process: its endpoints, commands and stop. */
export interface BenchProviders {
  endpoints: Record<string, string>;
  send<C extends Command>(command: C, ...args: Commands[C]['args']): Promise<Commands[C]['result']>;
  close(): Promise<void>;
}

/** Forks the child, waits for its endpoints. */
export async function startBenchProviders(): Promise<BenchProviders> {
  // The child gets none of this process's NODE_OPTIONS (a heap limit set for the measured process is not its own).
  const { NODE_OPTIONS: _, ...env } = process.env;
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child'], {
    execArgv: ['--import', 'tsx'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const endpoints = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m) => resolve(m as Record<string, string>));
    child.once('exit', (code, signal) => reject(new Error(`bench providers exited (${code ?? signal})`)));
  });
  child.removeAllListeners('error');
  child.on('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`bench providers exited (${code ?? signal})`));
    waiting.clear();
  });
  child.on('message', (m) => {
    const reply = m as Reply;
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) w?.reject(new Error(reply.error));
    else w?.resolve(reply.result);
  });
  return {
    endpoints,
    send: (command, ...args) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, command, args } satisfies Request);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** The child: one fake provider server; answers the parent's commands until it is killed. */
async function child() {
  const fake = await startFakeProviders();
  const commands: { [C in Command]: (...args: Commands[C]['args']) => Commands[C]['result'] } = {
    setValid: (family, entries) => (fake.setValid(family, entries as never), null),
    openaiMonth: (rows) => serveOpenAiMonth(fake, rows),
    curExport: (file, rows) => writeCurExport(file, rows),
  };
  process.on('message', (m) => {
    const { id, command, args } = m as Request;
    try {
      const result = (commands[command] as (...a: unknown[]) => unknown)(...args);
      process.send!({ id, result } satisfies Reply);
    } catch (err) {
      process.send!({ id, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
  // The parent gone (killed, crashed): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
  process.send!(fakeProviderEnv(fake));
}

if (process.argv.includes('--child') && process.send) await child();
