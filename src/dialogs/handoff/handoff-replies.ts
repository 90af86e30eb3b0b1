import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Catalogue, Vars } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import { positionText } from '../../handoff';
import { turnLanguage } from '../../turn';
import type { WordLists } from '../../words';

/** The language of a turn that belongs to a hand-over: the one the user had when they asked. */
const LANGUAGE = Symbol('firstline.handoffLanguage');

/** How the hand-over's dialogs talk to the user: in the hand-over's language, from the catalogue. */
export class HandoffReplies {
  constructor(
    readonly catalogue: Catalogue,
    private readonly defaultLanguage: Lang,
    /** The content's word lists (content/words: answers, requests); the shipped ones when absent. */
    readonly words?: WordLists,
  ) {}

  /**
   * The bot's own language logic does not run for messages the hand-over takes: the language the
   * user had when they asked for a person is the one they are answered in.
   */
  keepLanguage(context: TurnContext, language: Lang): void {
    context.turnState.set(LANGUAGE, language);
  }

  language(context: TurnContext): Lang {
    return (
      (context.turnState.get(LANGUAGE) as Lang | undefined) ?? turnLanguage(context, this.defaultLanguage)
    );
  }

  t(context: TurnContext, key: string, vars?: Vars): string {
    return this.catalogue.t(this.language(context), key, vars);
  }

  say(context: TurnContext, key: string, vars?: Vars): Promise<void> {
    return this.send(context, this.t(context, key, vars));
  }

  async send(context: TurnContext, text: string): Promise<void> {
    await context.sendActivity({ type: ActivityTypes.Message, text, locale: this.language(context) });
  }

  /** "<key's sentence> You're number N in the queue (about M minutes)." */
  async standing(
    context: TurnContext,
    key: string,
    ticketNumber: string,
    standing: { position: number; estimatedWaitMinutes: number | null; nobodyOnline?: boolean },
  ): Promise<void> {
    const place = positionText(
      this.catalogue,
      this.language(context),
      standing.position,
      standing.estimatedWaitMinutes,
      standing.nobodyOnline,
    );
    await this.send(context, `${this.t(context, key, { ticket: ticketNumber })} ${place}`);
  }
}
