import type { Database, DatabaseOptions } from './port.js';

/** Chooses the adapter from configuration; each adapter is loaded only when chosen. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(options.url);
  }
  const { openPglite } = await import('./embedded/pglite.js');
  return openPglite(options.dataDir);
}
