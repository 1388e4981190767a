/**
 * The web app's bundle as the browser loads it, read from Vite's manifest (`web/dist/.vite/manifest.json`): the
 * entry chunk index.html loads with its static imports (what every first visit downloads before anything renders),
 * and each lazy chunk (a route's page, loaded on navigation) with what it imports beyond the entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One chunk of Vite's build manifest. */
interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface BundleSizes {
  /** The entry's JS with every chunk it imports statically: bytes and gzipped bytes (zlib's default level). */
  entry: { files: string[]; bytes: number; gzip: number; cssGzip: number };
  /** Each lazy chunk: its own gzipped bytes, and with the static imports it adds beyond the entry's. */
  lazy: { name: string; file: string; gzip: number; withImportsGzip: number }[];
}

export function readBundleSizes(distDir: string): BundleSizes {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const sizes = new Map<string, { bytes: number; gzip: number }>();
  const size = (file: string) => {
    let s = sizes.get(file);
    if (!s) {
      const body = readFileSync(join(distDir, file));
      s = { bytes: body.length, gzip: gzipSync(body).length };
      sizes.set(file, s);
    }
    return s;
  };
  // A chunk's key and every key it reaches through static imports.
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const imp of manifest[key]?.imports ?? []) closure(imp, seen);
    return seen;
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entryKey) throw new Error(`no entry chunk in ${distDir}/.vite/manifest.json`);
  const entryKeys = closure(entryKey);
  const entryFiles = [...entryKeys].map((k) => manifest[k]!.file);
  const sum = (files: string[], pick: 'bytes' | 'gzip') => files.reduce((n, f) => n + size(f)[pick], 0);
  const cssFiles = [...new Set([...entryKeys].flatMap((k) => manifest[k]!.css ?? []))];
  const lazy = Object.entries(manifest)
    .filter(([, c]) => c.isDynamicEntry)
    .map(([key, c]) => {
      const extra = [...closure(key)].filter((k) => !entryKeys.has(k)).map((k) => manifest[k]!.file);
      return {
        name: c.name ?? c.src ?? key,
        file: c.file,
        gzip: size(c.file).gzip,
        withImportsGzip: sum(extra, 'gzip'),
      };
    })
    .sort((a, b) => b.withImportsGzip - a.withImportsGzip);
  return {
    entry: {
      files: entryFiles,
      bytes: sum(entryFiles, 'bytes'),
      gzip: sum(entryFiles, 'gzip'),
      cssGzip: sum(cssFiles, 'gzip'),
    },
    lazy,
  };
}
