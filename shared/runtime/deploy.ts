import * as functions from '@google-cloud/functions-framework';
import { getConfig } from '../config/config.js';
import { createContext, type AppContext } from '../context.js';
import type { HttpFunction } from '../http/factory.js';
import type { EventFunction } from '../events/factory.js';
import { assertProductionSafe } from './production-safety.js';
import { serveFetch } from './node-http.js';
import { logger } from '../logging/logger.js';

let instance: Promise<AppContext> | undefined;

/** The per-instance context of a deployed function: built on first invocation, checked for production safety. */
function runtimeContext(): Promise<AppContext> {
  instance ??= (async () => {
    const ctx = createContext(getConfig());
    await assertProductionSafe(ctx.config, await ctx.secrets());
    return ctx;
  })().catch((err: unknown) => {
    instance = undefined; // a later request retries (e.g. once the secret has a value)
    throw err;
  });
  return instance;
}

/**
 * The functions-framework handler of an HTTP function: the same conversion as the local gateway, so a request that
 * cannot become a Fetch Request answers its 4xx in the one error shape (not functions-framework's crash 500).
 */
export function httpHandler(fn: HttpFunction, context: () => Promise<AppContext>): functions.HttpFunction {
  return serveFetch(
    async (req) => fn.fetch(req, await context()),
    (err) =>
      logger.error('unhandled function error', {
        function: fn.name,
        error:
          err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
      }),
  );
}

/** Registers an HTTP function with functions-framework under its registry name (= entry point). */
export function deployHttp(fn: HttpFunction): HttpFunction {
  functions.http(fn.name, httpHandler(fn, runtimeContext));
  return fn;
}

/** Registers a Pub/Sub-triggered (event or job) function; a rejection makes Pub/Sub redeliver. */
export function deployEvent(fn: EventFunction): EventFunction {
  functions.cloudEvent<unknown>(fn.name, async (event: functions.CloudEvent<unknown>) => {
    await fn.handle(event, await runtimeContext());
  });
  return fn;
}
