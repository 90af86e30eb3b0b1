import { readSseFrames } from '../../helpers/sse-frames';
export interface SseEvent {
  id?: string;
  data: Record<string, unknown>;
}

/** Reads a Server-Sent Events response with fetch, as the console page does (bearer auth). */
export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  private done: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  async open(): Promise<this> {
    const res = await fetch(this.url, { headers: this.headers, signal: this.controller.signal });
    this.status = res.status;
    if (!res.ok || !res.body) return this;
    this.done = (async () => {
      await readSseFrames(res.body!, (frame) => this.dispatch(frame));
      this.wake();
    })();
    return this;
  }

  /** Resolves once `predicate` holds for the events read so far. */
  async until(predicate: (events: SseEvent[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline)
        throw new Error(`SSE: condition not met; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): Promise<void> {
    this.controller.abort();
    return this.done ?? Promise.resolve();
  }

  /** Resolves when the server ends the stream. */
  ended(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  get lastId(): string | undefined {
    return this.events.at(-1)?.id;
  }

  private dispatch(block: string): void {
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line);
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trim());
    }
    if (data.length > 0)
      this.events.push({ id, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
