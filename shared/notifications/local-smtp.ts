import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface LocalMailServer {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL becomes locally. */
  url: string;
  /** Where each received message is written as `<time>-<id>.eml`. */
  dir: string;
  close(): Promise<void>;
}

/** Most bytes one message may have (a notification is a few kB). */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * A real SMTP server on a loopback port (0: any free one) that accepts every message and writes it, as received
 * (headers and MIME body), to `dir` (owner-only). Local use only: no TLS, no authentication.
 */
export async function startLocalMailServer(dir: string, port = 0): Promise<LocalMailServer> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'CloudAct local mail catcher',
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
        try {
          writeFileSync(join(dir, name), Buffer.concat(chunks), { mode: 0o600 });
          callback();
        } catch (err) {
          callback(err as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    dir,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
