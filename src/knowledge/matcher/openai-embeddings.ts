import type * as OpenAiSdk from 'openai';
import type OpenAI from 'openai';
import type { EmbeddingProvider } from './types';

export interface OpenAiEmbeddingsOptions {
  apiKey: string;
  /** OpenAI-compatible endpoint, e.g. Azure OpenAI or a local server; default api.openai.com. */
  baseURL?: string;
  model?: string;
  /** Per-request timeout; a slow provider must not hold a chat reply for long. */
  timeoutMs?: number;
  /** Inputs per request. */
  batchSize?: number;
}

/** EmbeddingProvider over the OpenAI embeddings API (or any compatible server). */
export class OpenAiEmbeddings implements EmbeddingProvider {
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly batchSize: number;

  constructor(options: OpenAiEmbeddingsOptions) {
    // Loaded here, not with the server: without embeddings configured the SDK is never needed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { OpenAI: Client } = require('openai') as typeof OpenAiSdk;
    this.client = new Client({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 5000,
      maxRetries: 1,
    });
    this.model = options.model ?? 'text-embedding-3-small';
    this.batchSize = Math.max(1, options.batchSize ?? 96);
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize).map((t) => (t.trim() === '' ? ' ' : t));
      // Floats explicitly: the client would ask for base64, which not every compatible server speaks.
      const response = await this.client.embeddings.create({
        model: this.model,
        input: batch,
        encoding_format: 'float',
      });
      // The API may return items out of order; `index` says which input each belongs to.
      const sorted = [...response.data].sort((a, b) => a.index - b.index);
      if (sorted.length !== batch.length)
        throw new Error(`embeddings: expected ${batch.length} vectors, got ${sorted.length}`);
      for (const item of sorted) out.push(item.embedding);
    }
    return out;
  }
}
