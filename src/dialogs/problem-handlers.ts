import type { Dialog, DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { MatchKind, MatchResult } from '../knowledge/matcher';

/**
 * Takes over a problem the matcher recognised. Articles have one built in; the flow engine
 * registers one for `kind: 'flow'`. `start` begins its dialog in place of the active one.
 */
export interface ProblemHandler {
  readonly kind: MatchKind;
  /** Dialogs the handler runs; added to the bot's dialog set when it is registered. */
  readonly dialogs: readonly Dialog[];
  start(dc: DialogContext, result: MatchResult): Promise<DialogTurnResult>;
}

export class ProblemHandlers {
  private readonly byKind = new Map<MatchKind, ProblemHandler>();

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
    for (const result of results) {
      const handler = this.byKind.get(result.kind);
      if (handler) return { handler, result };
    }
    return undefined;
  }

  start(dc: DialogContext, result: MatchResult): Promise<DialogTurnResult> | undefined {
    return this.byKind.get(result.kind)?.start(dc, result);
  }
}
