import type { Dialog, DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { MatchKind, MatchResult } from '../knowledge/matcher';
import type { CaseFileSource } from './case-file';

/**
 * Takes over a problem the matcher recognised. Articles have one built in; the flow engine
 * registers one for `kind: 'flow'`. `start` begins its dialog in place of the active one.
 */
export interface ProblemHandler {
  readonly kind: MatchKind;
  /** Dialogs the handler runs; added to the bot's dialog set when it is registered. */
  readonly dialogs: readonly Dialog[];
  /** `text` is the part of the message the result answers, when it is not the whole message. */
  start(dc: DialogContext, result: MatchResult, text?: string): Promise<DialogTurnResult>;
  /**
   * Whether the handler takes over a result of another kind: the flow engine takes an article of
   * a request topic without a flow of its own, to run the request form for it, unless the message
   * reports a fault on it. Which result was picked is unchanged; only who handles it. `text` as
   * for `start`.
   */
  takes?(result: MatchResult, dc: DialogContext, text?: string): boolean | Promise<boolean>;
}

/**
 * Builds a handler once the router that runs it exists, with the router's case file: the bot is
 * given its handlers this way when it is created instead of having them registered afterwards.
 */
export type ProblemHandlerFactory = (cases: CaseFileSource) => ProblemHandler;

/**
 * How close (as a share of the article's score) a same-topic flow must be to be preferred. Scores,
 * not confidences: a runner-up's confidence is pushed down by its margin to the winner. Flows have
 * fewer example phrasings than articles, so they score lower on the same message: on the flows'
 * own examples measured on the production wiring ("Der Drucker PRN-2-07 druckt nicht" 0.44 of the
 * article's score, "drukarka HP LaserJet M404dn nie drukuje" 0.60, "aktualizacja Windows kończy się
 * błędem 0x80070643" 0.33) a share of 0.6 let the article win and skip the flow's diagnosis.
 */
const FLOW_PREFERENCE = 0.3;

export class ProblemHandlers {
  private readonly byKind = new Map<MatchKind, ProblemHandler>();
  private readonly started: ((dc: DialogContext, result: MatchResult) => Promise<void>)[] = [];

  /** Calls `listener` before every start, e.g. to note the topic in the case file. */
  onStart(listener: (dc: DialogContext, result: MatchResult) => Promise<void>): void {
    this.started.push(listener);
  }

  register(handler: ProblemHandler): void {
    this.byKind.set(handler.kind, handler);
  }

  has(kind: MatchKind): boolean {
    return this.byKind.has(kind);
  }

  /**
   * The best result a handler exists for. Results are best first, so a flow without an engine
   * falls back to the best article; intents are answered elsewhere and skipped here.
   */
  pick(results: readonly MatchResult[]): { handler: ProblemHandler; result: MatchResult } | undefined {
    const best = results.find((result) => this.byKind.has(result.kind));
    if (!best) return undefined;
    const result = this.preferFlow(best, results);
    return { handler: this.byKind.get(result.kind)!, result };
  }

  /**
   * A diagnostic flow asks the questions first and walks the article's steps itself, so when a
   * flow of the same topic is nearly as good a match as an article, the flow is the better answer.
   */
  preferFlow(best: MatchResult, results: readonly MatchResult[]): MatchResult {
    if (best.kind !== 'article' || !this.byKind.has('flow')) return best;
    const flow = results.find(
      (r) => r.kind === 'flow' && r.topic === best.topic && r.score >= best.score * FLOW_PREFERENCE,
    );
    return flow ?? best;
  }

  async start(dc: DialogContext, result: MatchResult, text?: string): Promise<DialogTurnResult | undefined> {
    let handler = this.byKind.get(result.kind);
    for (const other of this.byKind.values()) {
      if (other.kind !== result.kind && (await other.takes?.(result, dc, text))) {
        handler = other;
        break;
      }
    }
    if (!handler) return undefined;
    for (const listener of this.started) await listener(dc, result);
    return handler.start(dc, result, text);
  }
}
