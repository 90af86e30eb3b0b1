import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Lang } from '../i18n/languages';
import { recogniseChoice, type ChoiceOption } from './choices';
import { ask, languageOf, reroute, say, type DialogServices } from './dialog-services';
import { HUMAN_CHOICE } from './interruptions';
import { answerPersonRequest } from './person-request';
import { saysNotHelped } from './answer-words';
import { reopenResolvedCase } from './fix-taken-back';
import { LATER_PROBLEM, takeLaterProblem } from './later-problem';

export const OFFER_TECHNICIAN = 'offer-technician';
export const ANYTHING_ELSE = 'anything-else';

/**
 * A closing question the user may answer or simply ignore: any other message is routed as a new
 * problem straight away, because after "I don't know" people rephrase rather than pick.
 */
abstract class FollowUpDialog extends Dialog {
  constructor(
    id: string,
    protected readonly services: DialogServices,
  ) {
    super(id);
  }

  protected abstract question(language: Lang): { question: string; options: ChoiceOption[] };
  protected abstract picked(dc: DialogContext, value: string): Promise<DialogTurnResult>;

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.ask(dc.context);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const language = languageOf(dc.context, this.services);
    const choice = recogniseChoice(
      dc.context.activity,
      this.question(language).options,
      undefined,
      this.services.words,
    );
    if (choice) return this.picked(dc, choice);
    const text = (dc.context.activity.text ?? '').trim();
    return text ? dc.endDialog(reroute(text)) : Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext): Promise<void> {
    await this.ask(context);
  }

  private async ask(context: TurnContext): Promise<void> {
    await ask(context, this.services, this.question(languageOf(context, this.services)));
  }

  protected t(language: Lang, key: string): string {
    return this.services.catalogue.t(language, key);
  }
}

/** "Would you like to talk to a person?" after the bot could not help. */
export class OfferTechnicianDialog extends FollowUpDialog {
  constructor(services: DialogServices) {
    super(OFFER_TECHNICIAN, services);
  }

  protected question(language: Lang) {
    return {
      question: this.t(language, 'offer.question'),
      options: [
        { value: HUMAN_CHOICE, label: this.t(language, 'choice.talkToPerson'), meaning: 'yes' as const },
        { value: 'no', label: this.t(language, 'choice.noThanks'), meaning: 'no' as const },
      ],
    };
  }

  protected async picked(dc: DialogContext, value: string): Promise<DialogTurnResult> {
    if (value === HUMAN_CHOICE) {
      await answerPersonRequest(dc.context, this.services);
      return dc.endDialog();
    }
    await say(dc.context, this.services, 'offer.declined');
    const later = await takeLaterProblem(dc.context, this.services);
    return later === undefined ? dc.endDialog() : dc.replaceDialog(LATER_PROBLEM, { problem: later });
  }
}

/**
 * "Anything else?" after a problem was solved. "No, it didn't help" is no "no, nothing else": the
 * fix did not hold after all, so the case is open again and a technician is offered, as when the
 * last step of an article did not work.
 */
export class AnythingElseDialog extends FollowUpDialog {
  constructor(services: DialogServices) {
    super(ANYTHING_ELSE, services);
  }

  /** The second problem of the first message comes before "anything else?". */
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const later = await takeLaterProblem(dc.context, this.services);
    if (later !== undefined) return dc.replaceDialog(LATER_PROBLEM, { problem: later });
    return super.beginDialog(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const language = languageOf(dc.context, this.services);
    const text = dc.context.activity.text ?? '';
    if (!saysNotHelped(text, this.services.words, language)) return super.continueDialog(dc);
    await reopenResolvedCase(dc, this.services);
    return dc.replaceDialog(OFFER_TECHNICIAN);
  }

  protected question(language: Lang) {
    return {
      question: this.t(language, 'anythingElse.question'),
      options: [
        { value: 'yes', label: this.t(language, 'choice.somethingElse'), meaning: 'yes' as const },
        { value: 'no', label: this.t(language, 'choice.thatsAll'), meaning: 'no' as const },
      ],
    };
  }

  protected async picked(dc: DialogContext, value: string): Promise<DialogTurnResult> {
    await say(dc.context, this.services, value === 'yes' ? 'anythingElse.describe' : 'anythingElse.goodbye');
    return dc.endDialog();
  }
}
