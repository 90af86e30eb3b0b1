import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { recogniseChoice, type ChoiceOption } from '../choices';
import { ask, languageOf, reroute, say, type DialogServices } from '../dialog-services';

export const REOPEN_WHICH = 'ticket-reopen-which';

const NONE = 'none';

export interface ReopenWhichOptions {
  /** The recently resolved tickets that qualify: id and "HD-1001: the printer ..." */
  tickets: { id: string; label: string }[];
}

/**
 * "Which of these problems is back?" when "it's broken again" fits several recently resolved
 * tickets of the user. Any other message is routed anew, as after the bot's other closing questions.
 */
export class ReopenWhichDialog extends Dialog<ReopenWhichOptions> {
  constructor(
    private readonly services: DialogServices,
    private readonly reopen: (context: TurnContext, ticketId: string) => Promise<void>,
  ) {
    super(REOPEN_WHICH);
  }

  override async beginDialog(dc: DialogContext, options?: ReopenWhichOptions): Promise<DialogTurnResult> {
    const tickets = options?.tickets ?? [];
    dc.activeDialog!.state = { tickets } satisfies ReopenWhichOptions;
    await this.ask(dc.context, tickets);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const { tickets } = dc.activeDialog!.state as ReopenWhichOptions;
    const choice = recogniseChoice(
      context.activity,
      this.options(context, tickets),
      undefined,
      this.services.words,
    );
    if (choice === NONE) {
      await say(context, this.services, 'ticketChat.reopenNone');
      return dc.endDialog();
    }
    if (choice) {
      await this.reopen(context, choice);
      return dc.endDialog();
    }
    const text = (context.activity.text ?? '').trim();
    return text ? dc.endDialog(reroute(text)) : Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, (instance.state as ReopenWhichOptions).tickets);
  }

  private ask(context: TurnContext, tickets: ReopenWhichOptions['tickets']): Promise<void> {
    const language = languageOf(context, this.services);
    return ask(context, this.services, {
      question: this.services.catalogue.t(language, 'ticketChat.whichReopen'),
      options: this.options(context, tickets),
    });
  }

  private options(context: TurnContext, tickets: ReopenWhichOptions['tickets']): ChoiceOption[] {
    const language = languageOf(context, this.services);
    return [
      ...tickets.map((t) => ({ value: t.id, label: t.label })),
      {
        value: NONE,
        label: this.services.catalogue.t(language, 'choice.noneOfThese'),
        meaning: 'none' as const,
      },
    ];
  }
}
