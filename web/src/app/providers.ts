/**
 * One colour per provider id, the same on every page and chart (the CSS chart palette, Okabe-Ito); providers not
 * named here take a colour from their name, so they keep theirs too.
 */
const FIXED: Record<string, number> = {
  aws: 2,
  gcp: 1,
  azure: 5,
  oci: 6,
  openai: 3,
  anthropic: 4,
  gemini: 7,
  vertex: 1,
  bedrock: 2,
  azure_openai: 5,
  deepseek: 8,
};

export function providerColor(provider: string): string {
  let slot = FIXED[provider];
  if (slot === undefined) {
    let h = 0;
    for (const ch of provider) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    slot = (h % 8) + 1;
  }
  return `var(--chart-${slot})`;
}

/** The colour of the Unallocated share (never a provider's). */
export const UNALLOCATED_COLOR = 'var(--chart-unallocated)';
