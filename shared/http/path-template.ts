const SEGMENT = /\{([a-z_][a-z0-9_]*)\}/g;

export interface CompiledPath {
  template: string;
  regex: RegExp;
  names: string[];
}

/** Compiles `/a/{b}/c` to a regex capturing `{b}` as one URL segment. */
export function compilePath(template: string): CompiledPath {
  const names: string[] = [];
  const source = template
    .split(SEGMENT)
    .map((part, i) => {
      if (i % 2 === 1) {
        names.push(part);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { template, regex: new RegExp(`^${source}/?$`), names };
}

/** Returns the decoded path parameters when `path` matches, else undefined. */
export function matchPath(compiled: CompiledPath, path: string): Record<string, string> | undefined {
  const m = compiled.regex.exec(path);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < compiled.names.length; i++) {
    try {
      params[compiled.names[i]!] = decodeURIComponent(m[i + 1]!);
    } catch {
      params[compiled.names[i]!] = m[i + 1]!; // malformed escapes are left for validation to reject
    }
  }
  return params;
}

/** Fills a template with values (tests and docs). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(SEGMENT, (_, name: string) => encodeURIComponent(values[name] ?? `{${name}}`));
}
