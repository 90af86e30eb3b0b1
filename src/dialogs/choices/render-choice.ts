import { ActivityTypes, CardFactory, InputHints, type Activity } from 'botbuilder';
import { CHOICE_LABEL_KEY, CHOICE_VALUE_KEY, type ChoiceQuestion } from './choice-types';

/** Channels whose clients render Adaptive Cards with Action.Submit. */
const CARD_CHANNELS: ReadonlySet<string> = new Set(['msteams', 'directline', 'webchat', 'emulator']);

export function supportsCards(channelId: string | undefined): boolean {
  return channelId !== undefined && CARD_CHANNELS.has(channelId);
}

export interface RenderOptions {
  channelId: string | undefined;
  locale: string;
  /** Shown under a numbered list, e.g. "Reply with a number or the option's words." */
  textHint: string;
}

/**
 * One message that asks a question with options: an Adaptive Card with a button per option
 * where the channel can show cards, else a numbered Markdown list the user answers by typing.
 */
export function renderChoice(choice: ChoiceQuestion, options: RenderOptions): Partial<Activity> {
  const base = { type: ActivityTypes.Message, locale: options.locale, inputHint: InputHints.ExpectingInput };
  if (!supportsCards(options.channelId)) {
    const list = choice.options.map((o, i) => `${i + 1}. ${o.label}`).join('\n');
    const text = [choice.lead, `${choice.question}\n\n${list}`, options.textHint]
      .filter(Boolean)
      .join('\n\n');
    return { ...base, text };
  }
  const teams = options.channelId === 'msteams';
  const card = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: choice.question, wrap: true, weight: 'Bolder' }],
    actions: choice.options.map((o) => ({
      type: 'Action.Submit',
      title: o.label,
      data: {
        [CHOICE_VALUE_KEY]: o.value,
        // Technicians and the transcript see the click as the words on the button.
        [CHOICE_LABEL_KEY]: o.label,
        // In Teams a click then shows up as the user's own message instead of nothing.
        ...(teams ? { msteams: { type: 'messageBack', displayText: o.label, text: o.label } } : {}),
      },
    })),
  };
  return {
    ...base,
    text: choice.lead,
    summary: choice.question,
    attachments: [CardFactory.adaptiveCard(card)],
  };
}
