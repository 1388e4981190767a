/**
 * Which cloud billing rows are GenAI model usage, and which model: the `x_genai_provider` / `x_genai_model` of
 * their FOCUS rows, so the GenAI views show them (and the counted-once rule, shared/focus/counted-once.ts, can
 * tell cloud-billed GenAI money from the same usage imported through a GenAI pipeline).
 *
 * Models are normalised the way the GCP conversion does it: lowercase words joined by `-`, versions kept as
 * written (`claude-3.5-sonnet`, `gpt-4o-mini`, `gpt-4o-0513`). Called once per export row: the checks on rows
 * of other services are a few string comparisons, without allocations.
 */

/** AWS product codes of Amazon Bedrock (`AmazonBedrock`, and its later split services `AmazonBedrock…`). */
const BEDROCK_CODE = 'AmazonBedrock';
/** Third-party models sold through AWS Marketplace: product `Claude 3.5 Sonnet (Amazon Bedrock Edition)`. */
const BEDROCK_EDITION = ' (Amazon Bedrock Edition)';

/** A CUR row of Amazon Bedrock: its product code, or its product name (Marketplace models, legacy names). */
export function isBedrock(productCode: string | null, productName: string | null): boolean {
  if (productCode !== null && productCode.startsWith(BEDROCK_CODE)) return true;
  return productName !== null && (productName.endsWith(BEDROCK_EDITION) || productName === 'Amazon Bedrock');
}

/** `USE1-`, `USW2-`, `EUC1-`, `APN1-`, `UGW1-`, `EU-`: the region prefix of a usage type. */
const REGION_PREFIX = /^(?:[A-Z]{2,4}\d|EU|US|AP|CA|SA)-/;
/**
 * Where the token part of a Bedrock usage type starts: `-input-tokens`, `-output-tokens`,
 * `-cache-read-input-token-count`, `-cache-write-input-token-count`, `-mantle-input-tokens-…`, with an optional
 * tier or batch word before it (`-batch-input-tokens`, `-flex-output-tokens`).
 */
const TOKEN_PART = /-(?:[a-z]+-)*?(?:input|output|cache-read-input|cache-write-input)-tokens?(?:-|$)/;

/** `Claude3.5Sonnet` -> `claude-3.5-sonnet`, `TitanEmbeddingsG1-Text` -> `titan-embeddings-g1-text`. */
function kebab(words: string): string {
  return words
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .replace(/(\d)([A-Z][a-z])/g, '$1-$2')
    .replace(/([a-z]{2})(\d)/g, '$1-$2')
    .replace(/[\s_-]+/g, '-')
    .toLowerCase();
}

/**
 * The model of a Bedrock line: from the usage type (`USE1-Claude3.5Sonnet-input-tokens` -> `claude-3.5-sonnet`,
 * `USW2-TitanEmbeddingsG1-Text-input-tokens` -> `titan-embeddings-g1-text`), else from the Marketplace product
 * name (`Claude 3.5 Sonnet (Amazon Bedrock Edition)`, whose usage types are `USE1-MP:USE1_InputTokenCount-Units`).
 * Null for Bedrock charges that are not model tokens (knowledge bases, guardrails, storage, …).
 */
export function bedrockModel(usageType: string | null, productName: string | null): string | null {
  if (productName !== null && productName.endsWith(BEDROCK_EDITION)) {
    const name = productName.slice(0, -BEDROCK_EDITION.length).trim();
    return name === '' ? null : kebab(name);
  }
  if (usageType === null || usageType.includes('MP:')) return null;
  const rest = usageType.replace(REGION_PREFIX, '');
  const tokens = TOKEN_PART.exec(rest);
  if (!tokens) return null;
  const model = rest.slice(0, tokens.index);
  return /^[A-Za-z][A-Za-z0-9.-]*$/.test(model) ? kebab(model) : null;
}

/** Azure meter categories / service names under which Azure OpenAI usage is billed. */
const AZURE_AI_CATEGORIES = new Set([
  'cognitive services',
  'azure ai services',
  'foundry models',
  'azure openai',
  'azure openai service',
]);
/** OpenAI model families as Azure's meter names spell them (`gpt-4o-0513`, `gpt 4o mini`, `o3-mini`, …). */
const OPENAI_MODEL =
  /^(?:az-)?(?:gpt|chatgpt|o\d(?![a-z])|text-embedding|text-davinci|(?:davinci|babbage|ada|curie)(?![a-z])|codex|code-|dall-?e|whisper|tts|sora|computer-use|omni-moderation)/i;
/** Words of a meter name that describe the charge, not the model: the model is what comes before the first. */
const METER_WORDS = new Set([
  'input',
  'inp',
  'in',
  'output',
  'outp',
  'out',
  'cached',
  'cache',
  'cchd',
  'tokens',
  'token',
  'tok',
  'global',
  'glbl',
  'gl',
  'regional',
  'regnl',
  'rgnl',
  'data',
  'dzone',
  'datazone',
  'batch',
  'btch',
  'prompt',
  'completion',
  'completions',
  'ft',
  'fine',
  'training',
  'hosting',
  'grader',
  'images',
  'image',
  'provisioned',
  'ptu',
  'unit',
  'units',
]);

/**
 * The category (MeterCategory, else ServiceName), subcategory and meter name of an Azure row: whether it is
 * Azure OpenAI usage. The category must be one of the AI services and the subcategory name Azure OpenAI, or the
 * meter name an OpenAI model (Foundry Models also bills Llama, Mistral, DeepSeek: those are not Azure OpenAI).
 */
export function isAzureOpenAi(
  category: string | null,
  subcategory: string | null,
  meterName: string | null,
): boolean {
  if (category === null || !AZURE_AI_CATEGORIES.has(category.toLowerCase())) return false;
  if (category.toLowerCase().startsWith('azure openai')) return true;
  if (subcategory !== null && subcategory.replace(/\s+/g, '').toLowerCase().includes('openai')) return true;
  return meterName !== null && OPENAI_MODEL.test(meterName);
}

/**
 * The model of an Azure OpenAI meter: its words (split at spaces and `-`) before the first charge word,
 * lowercase, joined by `-` (`gpt-4o-0513 Input global Tokens` -> `gpt-4o-0513`, `gpt 4o mini Output Tokens` ->
 * `gpt-4o-mini`, `Az-GPT-4o-mini-Inp-glbl` -> `gpt-4o-mini`). Null when the meter names no OpenAI model.
 */
export function azureOpenAiModel(meterName: string | null): string | null {
  if (meterName === null || !OPENAI_MODEL.test(meterName)) return null;
  const words: string[] = [];
  for (const word of meterName
    .trim()
    .toLowerCase()
    .split(/[\s-]+/)) {
    if (METER_WORDS.has(word)) break;
    if (word !== '' && !(words.length === 0 && word === 'az')) words.push(word);
  }
  return words.length ? words.join('-') : null;
}

/** FOCUS ServiceNames under which a cloud bills its GenAI models, and the x_genai_provider of their rows. */
const FOCUS_GENAI_SERVICES: Readonly<Record<string, string>> = {
  'Amazon Bedrock': 'bedrock',
  'Azure OpenAI': 'azure_openai',
  'Azure OpenAI Service': 'azure_openai',
  'Foundry Models': 'azure_openai',
  'Vertex AI': 'vertex',
  'Vertex AI API': 'vertex',
  'Gemini API': 'gemini',
  'Generative Language API': 'gemini',
};

/** The model a FOCUS row's SkuPriceDetails names (`ModelId`, or `x_ModelId` as the upgrade prefixes it). */
function skuModel(details: unknown): string | null {
  let d = details;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d) as unknown;
    } catch {
      return null;
    }
  }
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return null;
  const o = d as Record<string, unknown>;
  const id = o.ModelId ?? o.x_ModelId;
  if (typeof id !== 'string' || id.trim() === '') return null;
  return id.trim().toLowerCase().replace(/\s+/g, '-');
}

/**
 * The GenAI tags of an upgraded FOCUS 1.3 row of any FOCUS file: a cloud's GenAI service by ServiceName
 * (FOCUS_GENAI_SERVICES), or any row whose SkuPriceDetails names a `ModelId` (a model seller's own FOCUS file),
 * whose GenAI provider is its cloud or else `LOWER(ServiceProviderName)`, the provider its costs show under. The
 * model: SkuPriceDetails' ModelId (lowercase, spaces as `-`), else null.
 */
export function focusGenAi(
  row: Record<string, unknown>,
  cloud: string | null,
): { provider: string; model: string | null } | null {
  const service = typeof row.ServiceName === 'string' ? row.ServiceName : null;
  const model = skuModel(row.SkuPriceDetails);
  const byService = service === null ? undefined : FOCUS_GENAI_SERVICES[service];
  const seller = typeof row.ServiceProviderName === 'string' ? row.ServiceProviderName.toLowerCase() : null;
  const provider = byService ?? (model === null ? null : (cloud ?? seller));
  if (provider === null || provider === '') return null;
  return { provider, model };
}
