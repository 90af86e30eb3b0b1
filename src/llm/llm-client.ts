import type * as OpenAiSdk from 'openai';
import type OpenAI from 'openai';
import type { Logger } from '../logging';
import { CircuitBreaker } from './circuit-breaker';
import type { TokenBudgets } from './token-budgets';

/** One call to the chat model: fixed instructions, untrusted data, and the JSON shape of the answer. */
export interface ChatRequest<T> {
  /** What the call is for, in logs. */
  purpose: string;
  /** The conversation whose budget it draws on; absent: the day's budget only. */
  conversationId?: string;
  /** Our instructions (the system message). Never contains user or article text. */
  instructions: string;
  /** Everything untrusted (the user's words, articles, transcripts), as one JSON document. */
  data: unknown;
  /** Structured output: the JSON Schema the answer must follow. */
  schema: { name: string; schema: Record<string, unknown> };
  /** Reads the answer; undefined when it is malformed (counts as a failure, like an HTTP error). */
  parse: (value: unknown) => T | undefined;
  maxOutputTokens: number;
  /**
   * Streams the answer and assembles it: a model that has not begun to answer within
   * `firstTokenMs` is given up at once, while one that is writing may use the whole timeout.
   */
  stream?: boolean;
}

/** Why a call gave no answer; every one of them means "fall back to the behaviour without a model". */
export type ChatFailure = 'breaker-open' | 'budget' | 'failed';

export type ChatOutcome<T> =
  { ok: true; value: T; tokens: number; instructions: string } | { ok: false; reason: ChatFailure };

export interface LlmClientOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** The whole time a call may take, retries included. */
  timeoutMs: number;
  /** Streamed calls: how long the model may take to begin its answer (an overloaded endpoint is not retried). */
  firstTokenMs?: number;
  /** Runs on every text before it leaves the process (src/privacy's redactor). */
  redact: (text: string) => string;
  budgets: TokenBudgets;
  logger: Logger;
  clock: () => Date;
  /** Attempts after the first, on timeouts, 408/409/429/5xx, lost connections and malformed answers. */
  retries?: number;
  /** First backoff; it doubles with every retry. */
  backoffMs?: number;
  breaker?: CircuitBreaker;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The OpenAI SDK (over 200 modules) is loaded with the first client, not with the server: most
 * installations run without a model, and a process should not carry a library it never calls.
 */
function openAiSdk(): typeof OpenAiSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('openai') as typeof OpenAiSdk;
}

const DEFAULT_RETRIES = 2;
const DEFAULT_BACKOFF_MS = 250;
/** A rough token count (about 4 characters a token) for the reservation before the call. */
const CHARS_PER_TOKEN = 4;

class MalformedAnswer extends Error {}
/** A streamed answer that did not begin in time: the endpoint is overloaded; more calls would not help. */
class NoFirstToken extends Error {
  override name = 'NoFirstToken';
}

type ChatBody = Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream'>;

/**
 * The one way FirstLine talks to a chat model (any OpenAI-compatible endpoint). It redacts every
 * text first, reserves tokens from the shared budgets, gives up after `timeoutMs`, retries with
 * backoff, and stops calling a failing endpoint (circuit breaker). It never throws: a failure is an
 * outcome the caller answers with its behaviour without a model. The key is only in the client's
 * headers; nothing here logs the client, a request or a response body.
 */
export class LlmClient {
  private readonly client: OpenAI;
  private readonly breaker: CircuitBreaker;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: LlmClientOptions) {
    this.client = new (openAiSdk().OpenAI)({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: 0, // retried here, within the whole call's deadline
    });
    this.breaker =
      options.breaker ?? new CircuitBreaker({ failureThreshold: 5, openForMs: 60_000, clock: options.clock });
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get model(): string {
    return this.options.model;
  }

  get breakerState() {
    return this.breaker.state;
  }

  async complete<T>(request: ChatRequest<T>): Promise<ChatOutcome<T>> {
    const log = this.options.logger;
    if (!this.breaker.allow()) return { ok: false, reason: 'breaker-open' };
    const instructions = this.options.redact(request.instructions);
    // Each text on its own: redacting the JSON as a whole could cut through its quoting.
    const data = JSON.stringify(redactStrings(request.data, this.options.redact));
    const estimate =
      Math.ceil((instructions.length + data.length) / CHARS_PER_TOKEN) + request.maxOutputTokens;
    const reservation = await this.options.budgets
      .reserve(request.conversationId, estimate)
      .catch((err: unknown) => {
        log.warn({ purpose: request.purpose, error: errorName(err) }, 'llm: budget store failed');
        return undefined;
      });
    if (!reservation) {
      this.breaker.succeeded(); // not the endpoint's fault: release a half-open trial
      log.info({ purpose: request.purpose }, 'llm: token budget spent; falling back');
      return { ok: false, reason: 'budget' };
    }
    const deadline = Date.now() + this.options.timeoutMs;
    const retries = this.options.retries ?? DEFAULT_RETRIES;
    let backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    let used = 0;
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - Date.now();
      try {
        if (remaining <= 0) throw new (openAiSdk().APIConnectionError)({ message: 'deadline passed' });
        const body: ChatBody = {
          model: this.options.model,
          messages: [
            { role: 'system', content: instructions },
            { role: 'user', content: data },
          ],
          response_format: { type: 'json_schema', json_schema: { ...request.schema, strict: true } },
          max_completion_tokens: request.maxOutputTokens,
          temperature: 0,
        };
        const answer = request.stream
          ? await this.streamed(body, remaining)
          : await this.whole(body, remaining);
        used += answer.tokens ?? estimate;
        const value = request.parse(parseJson(answer.content));
        if (value === undefined) throw new MalformedAnswer('malformed answer');
        this.breaker.succeeded();
        await this.settle(reservation, used);
        return { ok: true, value, tokens: used, instructions };
      } catch (err) {
        const retryable = isRetryable(err);
        const wait = backoff;
        backoff *= 2;
        if (retryable && attempt < retries && deadline - Date.now() > wait) {
          log.debug({ purpose: request.purpose, attempt, error: errorName(err) }, 'llm: retrying');
          await this.sleep(wait);
          continue;
        }
        this.breaker.failed();
        log.warn(
          {
            purpose: request.purpose,
            attempts: attempt + 1,
            error: errorName(err),
            breaker: this.breaker.state,
          },
          'llm: call failed; falling back',
        );
        await this.settle(reservation, used);
        return { ok: false, reason: 'failed' };
      }
    }
  }

  private async whole(body: ChatBody, remaining: number): Promise<Answer> {
    const response = await this.client.chat.completions.create(body, { timeout: remaining });
    return { content: response.choices[0]?.message?.content, tokens: response.usage?.total_tokens };
  }

  /**
   * The answer as server-sent events, assembled. The SDK's timeout ends with the response headers,
   * so the deadline and the first-token limit are timers of their own that abort the request.
   */
  private async streamed(body: ChatBody, remaining: number): Promise<Answer> {
    const controller = new AbortController();
    let began = false;
    const firstTokenMs = Math.min(this.options.firstTokenMs ?? remaining, remaining);
    const noFirstToken = setTimeout(() => controller.abort(new NoFirstToken()), firstTokenMs);
    const deadline = setTimeout(() => controller.abort(), remaining);
    try {
      const stream = await this.client.chat.completions.create(
        { ...body, stream: true, stream_options: { include_usage: true } },
        { timeout: remaining, signal: controller.signal },
      );
      let content = '';
      let tokens: number | undefined;
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          if (!began) clearTimeout(noFirstToken);
          began = true;
          content += delta;
        }
        if (chunk.usage) tokens = chunk.usage.total_tokens;
      }
      return { content, tokens };
    } catch (err) {
      if (controller.signal.reason instanceof NoFirstToken) throw controller.signal.reason;
      throw err;
    } finally {
      clearTimeout(noFirstToken);
      clearTimeout(deadline);
    }
  }

  private async settle(reservation: Parameters<TokenBudgets['settle']>[0], used: number): Promise<void> {
    await this.options.budgets.settle(reservation, used).catch((err: unknown) => {
      this.options.logger.warn({ error: errorName(err) }, 'llm: could not settle the token budget');
    });
  }
}

interface Answer {
  content: string | null | undefined;
  /** What the endpoint counted, when it says. */
  tokens: number | undefined;
}

function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
  return value;
}

function parseJson(content: string | null | undefined): unknown {
  if (!content) return undefined;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}

function isRetryable(err: unknown): boolean {
  const { APIConnectionError, APIError } = openAiSdk();
  if (err instanceof MalformedAnswer || err instanceof APIConnectionError) return true;
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    return status === 408 || status === 409 || status === 429 || status >= 500 || status === 0;
  }
  return false;
}

/** What a log line may say about an error: its kind and status, never a body or a header. */
function errorName(err: unknown): string {
  const { APIError } = openAiSdk();
  if (err instanceof APIError && err.status) return `${err.name} ${err.status}`;
  return err instanceof Error ? err.name : 'unknown';
}
