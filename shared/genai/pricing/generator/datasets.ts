/** Loads the three MIT-licensed price datasets and their provenance (SOURCES.json) at generation time. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One LiteLLM cost-map record: USD per token / per unit, keyed by field name. */
export type LiteLlmRecord = Record<string, unknown>;
/** A genai-prices match clause (equals / starts_with / contains / ends_with / regex, or / and). */
export type GpMatch = Record<string, unknown>;
/** A genai-prices model: `prices` is a price object or a list of conditional prices. */
export interface GpModel {
  id: string;
  match: GpMatch;
  prices:
    Record<string, unknown> | { constraint?: Record<string, string>; prices: Record<string, unknown> }[];
}
/** A genai-prices provider. */
export interface GpProvider {
  id: string;
  models: GpModel[];
}
/** A Langfuse model definition (per-token USD prices per pricing tier). */
export interface LangfuseModel {
  modelName: string;
  matchPattern: string;
  pricingTiers: { name: string; isDefault: boolean; prices: Record<string, number> }[];
}

/** Provenance of one dataset, as written into the generated price book. */
export interface DatasetSource {
  name: string;
  repo: string;
  path: string;
  commit: string;
  date: string;
  license: string;
  sha256: string;
}

/** Everything the generator reads. */
export interface Datasets {
  litellm: Record<string, LiteLlmRecord>;
  genaiPrices: GpProvider[];
  langfuse: LangfuseModel[];
  sources: Record<'litellm' | 'genai-prices' | 'langfuse', DatasetSource>;
}

interface SourcesFile {
  files: Record<string, string>[];
}

const read = (dir: string, file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));

/** Reads `<dir>/SOURCES.json` and the datasets it lists. */
export function loadDatasets(dir: string): Datasets {
  const files = (read(dir, 'SOURCES.json') as SourcesFile).files;
  const meta = (path: string) => {
    const f = files.find((x) => x.path === path);
    if (!f) throw new Error(`SOURCES.json lists no ${path}`);
    return f;
  };
  const l = meta('litellm/model_prices_and_context_window.json');
  const g = meta('genai-prices/data.json');
  const f = meta('langfuse/default-model-prices.json');
  const src = (name: string, m: Record<string, string>, commit: string, date: string): DatasetSource => ({
    name,
    repo: m.origin_repo ?? '',
    path: m.origin_path ?? '',
    commit,
    date: date.slice(0, 10),
    license: m.license ?? '',
    sha256: m.sha256 ?? '',
  });
  return {
    litellm: read(dir, 'litellm/model_prices_and_context_window.json') as Record<string, LiteLlmRecord>,
    genaiPrices: read(dir, 'genai-prices/data.json') as GpProvider[],
    langfuse: read(dir, 'langfuse/default-model-prices.json') as LangfuseModel[],
    sources: {
      litellm: src(
        'litellm',
        l,
        `${l.obtained_via?.split(' ')[0]}@${l.mirror_commit}`,
        l.mirror_commit_date ?? '',
      ),
      'genai-prices': src('genai-prices', g, g.commit ?? '', g.commit_date ?? ''),
      langfuse: src('langfuse', f, f.commit ?? '', f.commit_date ?? ''),
    },
  };
}
