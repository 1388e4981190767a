/** Deterministic model-name normalisation and matching: exact id, then family, never a guess across families. */

/** How a model name was matched to a price. */
export type MatchedBy = 'exact' | 'family' | 'alias';

/** A model name reduced to the ids the price book is keyed by. */
export interface NormalisedModel {
  /** Provider prefixes and version suffixes removed, snapshot kept: `gpt-4o-2024-08-06`. */
  id: string;
  /** Snapshot removed: `gpt-4o`. Equal to `id` when there is no snapshot. */
  family: string;
  /** Geo / data-zone prefix (Bedrock `us.`, Azure `eu/`). */
  region?: string;
  /** Ids to try in order: id, family, and for fine-tuned models the ft family then the base model. */
  candidates: string[];
}

const PROVIDER_ALIASES: Record<string, string> = {
  azure_openai: 'azure',
  'azure-openai': 'azure',
  aws: 'bedrock',
  aws_bedrock: 'bedrock',
  bedrock_converse: 'bedrock',
  gemini: 'google',
  google_ai: 'google',
  'google-ai-studio': 'google',
  vertex_ai: 'vertex',
  'vertex-ai': 'vertex',
  google_vertex: 'vertex',
};
const PREFIXES =
  /^(openai|anthropic|azure|azure_ai|gemini|google|googleai|vertex_ai|vertex|bedrock|deepseek|models)\//;
const AZURE_ZONE = /^(eu|us|global)\//;
const BEDROCK_GEO = /^(us-gov|us|eu|apac|au|jp|ca|global)\.(?=[a-z0-9-]+\.)/;
const BEDROCK_VENDOR = /^(anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai)\./;
/** Anthropic aliases that are not snapshot suffixes. */
const KNOWN_ALIASES: Record<string, string> = {
  'claude-sonnet-4-0': 'claude-sonnet-4',
  'claude-opus-4-0': 'claude-opus-4',
};
const SNAPSHOT = /-(\d{4}-\d{2}-\d{2}|20\d{6}|(0[1-9]|1[0-2])\d{2}|latest)$/;

/** Canonical provider id: `azure_openai` → `azure`, `vertex_ai` → `vertex`, `gemini` → `google`. */
export function normaliseProvider(provider: string): string {
  const p = provider.trim().toLowerCase();
  return PROVIDER_ALIASES[p] ?? p;
}

/** Removes a dated snapshot (`-2024-08-06`, `-20241022`, `-0613`, `-latest`) or a Gemini `-001` version. */
function stripSnapshot(id: string): string {
  if (id.startsWith('gemini-') && /-\d{3}$/.test(id)) return id.slice(0, -4);
  return id.replace(SNAPSHOT, '');
}

/** Normalises a raw model name (OpenAI, Anthropic, Bedrock, Vertex, Gemini, Azure, fine-tuned) for lookup. */
export function normaliseModel(raw: string): NormalisedModel {
  let name = raw.trim().toLowerCase();
  let region: string | undefined;
  const vertexModel = /(?:^|\/)publishers\/[^/]+\/models\/(.+)$/.exec(name);
  if (vertexModel?.[1]) name = vertexModel[1];
  if (name.startsWith('arn:')) name = name.slice(name.lastIndexOf('/') + 1);
  for (let prev = ''; prev !== name;) {
    prev = name;
    name = name.replace(PREFIXES, '');
    const zone = AZURE_ZONE.exec(name);
    if (zone?.[1]) [region, name] = [zone[1], name.slice(zone[0].length)];
  }
  if (name.includes('/')) name = name.slice(name.lastIndexOf('/') + 1);
  const geo = BEDROCK_GEO.exec(name);
  if (geo?.[1]) [region, name] = [geo[1], name.slice(geo[0].length)];
  name = name.replace(BEDROCK_VENDOR, '');

  let fineTuned = false;
  if (name.startsWith('ft:')) [fineTuned, name] = [true, name.split(':')[1] ?? ''];
  const ftSuffix = name.indexOf('.ft-');
  if (ftSuffix > 0) [fineTuned, name] = [true, name.slice(0, ftSuffix)];

  let version: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) [name, version] = [name.slice(0, at), name.slice(at + 1)];
  if (name.startsWith('claude-')) {
    name = name.replace(/-v\d+(:\d+)?$/, '').replace(/(\d)\.(\d)/g, '$1-$2');
    name = KNOWN_ALIASES[name] ?? name;
  }
  if (version && /^20\d{6}$/.test(version)) name = `${name}-${version}`;

  const family = stripSnapshot(name);
  const ids = fineTuned ? [`ft:${name}`, `ft:${family}`, name, family] : [name, family];
  return {
    id: ids[0] ?? name,
    family: ids[1] ?? family,
    ...(region ? { region } : {}),
    candidates: [...new Set(ids)],
  };
}

/** A successful match. */
export interface ModelMatch<T> {
  entry: T;
  matchedBy: MatchedBy;
  /** The price-book model id that matched, and the region when a regional price matched. */
  model: string;
  region?: string;
  normalised: NormalisedModel;
}

/** Looks a price up by (model id, region or undefined); the caller decides dates and precedence. */
export type PriceLookup<T> = (model: string, region: string | undefined) => T | undefined;

/** Tries candidates for one normalised name: regional prices first, then the provider's base price. */
function tryCandidates<T>(
  n: NormalisedModel,
  lookup: PriceLookup<T>,
  alias: boolean,
): ModelMatch<T> | undefined {
  const regions = n.region ? [n.region, undefined] : [undefined];
  for (const region of regions) {
    for (const [i, model] of n.candidates.entries()) {
      const entry = lookup(model, region);
      if (entry === undefined) continue;
      const matchedBy: MatchedBy = alias ? 'alias' : i === 0 && region === n.region ? 'exact' : 'family';
      return { entry, matchedBy, model, ...(region ? { region } : {}), normalised: n };
    }
  }
  return undefined;
}

/**
 * Matches a raw model name: the caller's alias map (e.g. Azure deployment → model, per credential) first,
 * then the normalised id, then its family. Undefined when nothing matches (never a fuzzy guess).
 */
export function matchModel<T>(
  raw: string,
  lookup: PriceLookup<T>,
  aliases?: Readonly<Record<string, string>>,
): ModelMatch<T> | undefined {
  const key = raw.trim().toLowerCase();
  const target = aliases && Object.entries(aliases).find(([k]) => k.trim().toLowerCase() === key)?.[1];
  if (target !== undefined) return tryCandidates(normaliseModel(target), lookup, true);
  return tryCandidates(normaliseModel(raw), lookup, false);
}
