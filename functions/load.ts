import type { HttpFunction } from '../shared/http/factory.js';
import type { EventFunction } from '../shared/events/factory.js';
import type { HttpEntry, RegistryEntry } from './registry.js';

/**
 * Loads a function's module by the folder convention `functions/<name>/index`. The path is computed so that
 * bundlers never pull every function into one bundle; only the local runtime and tests call this.
 */
export async function loadFunction(entry: HttpEntry): Promise<HttpFunction>;
export async function loadFunction(entry: RegistryEntry): Promise<HttpFunction | EventFunction>;
export async function loadFunction(entry: RegistryEntry): Promise<HttpFunction | EventFunction> {
  const specifier = ['.', entry.name, 'index.js'].join('/');
  const mod = (await import(specifier)) as { default?: HttpFunction | EventFunction };
  if (!mod.default || mod.default.name !== entry.name) {
    throw new Error(`functions/${entry.name}/index must default-export the function named "${entry.name}".`);
  }
  return mod.default;
}
