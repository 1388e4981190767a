import { describe, expect, it } from 'vitest';
import { azureOpenAiModel, bedrockModel, isAzureOpenAi, isBedrock } from './genai-tags.js';

describe('isBedrock', () => {
  it('knows Bedrock by product code, Marketplace edition or legacy product name', () => {
    expect(isBedrock('AmazonBedrock', 'Amazon Bedrock')).toBe(true);
    expect(isBedrock('AmazonBedrockService', null)).toBe(true);
    expect(isBedrock('c6hpi0jfx2zcyxbefr0lbxmtr', 'Claude 3.5 Sonnet (Amazon Bedrock Edition)')).toBe(true);
    expect(isBedrock(null, 'Amazon Bedrock')).toBe(true);
    expect(isBedrock('AmazonEC2', 'Amazon Elastic Compute Cloud')).toBe(false);
    expect(isBedrock('AmazonSageMaker', 'Amazon SageMaker')).toBe(false);
    expect(isBedrock(null, null)).toBe(false);
  });
});

describe('bedrockModel', () => {
  it.each([
    ['USE1-Claude3.5Sonnet-input-tokens', 'claude-3.5-sonnet'],
    ['USE1-Claude3.5Sonnet-output-tokens', 'claude-3.5-sonnet'],
    ['USW2-TitanEmbeddingsG1-Text-input-tokens', 'titan-embeddings-g1-text'],
    ['USE1-Claude3Haiku-cache-read-input-token-count', 'claude-3-haiku'],
    ['USE1-Claude3Haiku-cache-write-input-token-count', 'claude-3-haiku'],
    ['EUC1-NovaLite-input-tokens', 'nova-lite'],
    ['USE1-NovaPro-output-tokens-cross-region-global', 'nova-pro'],
    ['USE1-MistralLarge-batch-input-tokens', 'mistral-large'],
    ['USW2-Mixtral8x7B-output-tokens', 'mixtral-8x7b'],
    ['USE1-gpt-oss-120b-mantle-input-tokens-standard', 'gpt-oss-120b'],
    ['Claude3Opus-input-tokens', 'claude-3-opus'],
  ])('%s -> %s', (usageType, model) => {
    expect(bedrockModel(usageType, 'Amazon Bedrock')).toBe(model);
  });

  it('takes a Marketplace model from its product name', () => {
    expect(
      bedrockModel('USE1-MP:USE1_InputTokenCount-Units', 'Claude 3.5 Sonnet (Amazon Bedrock Edition)'),
    ).toBe('claude-3.5-sonnet');
    expect(
      bedrockModel('USE1-MP:USE1_OutputTokenCount-Units', 'Claude 3 Haiku (Amazon Bedrock Edition)'),
    ).toBe('claude-3-haiku');
  });

  it('has no model for Bedrock charges that are not tokens', () => {
    expect(bedrockModel('USE1-KnowledgeBase-StructuredDataRetrieval', 'Amazon Bedrock')).toBeNull();
    expect(bedrockModel('USE1-MP:USE1_InputTokenCount-Units', 'Amazon Bedrock')).toBeNull();
    expect(bedrockModel(null, 'Amazon Bedrock')).toBeNull();
    expect(bedrockModel('USE1-input-tokens', 'Amazon Bedrock')).toBeNull();
  });
});

describe('isAzureOpenAi', () => {
  it('is Azure OpenAI under an AI category with an OpenAI subcategory or model meter', () => {
    expect(isAzureOpenAi('Cognitive Services', 'Azure OpenAI', 'gpt-4o-0513 Input global Tokens')).toBe(true);
    expect(isAzureOpenAi('Foundry Models', 'Azure OpenAI', 'gpt 4o mini Output Tokens')).toBe(true);
    expect(isAzureOpenAi('Foundry Models', null, 'o3-mini Input Tokens')).toBe(true);
    expect(isAzureOpenAi('Azure OpenAI', null, 'Provisioned Managed Global Unit')).toBe(true);
    expect(isAzureOpenAi('Cognitive Services', 'Speech', 'S1 Speech To Text')).toBe(false);
    expect(isAzureOpenAi('Foundry Models', 'Meta', 'Llama-3.3-70B-Instruct Inp Tokens')).toBe(false);
    expect(isAzureOpenAi('Virtual Machines', 'Azure OpenAI', 'gpt-4o Input Tokens')).toBe(false);
    expect(isAzureOpenAi(null, null, 'gpt-4o Input Tokens')).toBe(false);
  });
});

describe('azureOpenAiModel', () => {
  it.each([
    ['gpt-4o-0513 Input global Tokens', 'gpt-4o-0513'],
    ['gpt 4o mini Output Tokens', 'gpt-4o-mini'],
    ['gpt-4o-mini-0718 cached Input global Tokens', 'gpt-4o-mini-0718'],
    ['GPT-4.1 Inp Data Zone Tokens', 'gpt-4.1'],
    ['o1 Output Tokens', 'o1'],
    ['text-embedding-3-small Tokens', 'text-embedding-3-small'],
    ['Az-GPT-4o-mini-Inp-glbl', 'gpt-4o-mini'],
    ['gpt-35-turbo-16k FT Training', 'gpt-35-turbo-16k'],
  ])('%s -> %s', (meter, model) => {
    expect(azureOpenAiModel(meter)).toBe(model);
  });

  it('has no model for meters that name none', () => {
    expect(azureOpenAiModel('Provisioned Managed Global Unit')).toBeNull();
    expect(azureOpenAiModel('Standard Text Records')).toBeNull();
    expect(azureOpenAiModel(null)).toBeNull();
  });
});
