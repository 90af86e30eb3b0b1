import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { FeedbackStore } from '../../feedback';
import type { Lang } from '../../i18n/languages';
import type { Logger } from '../../logging';
import { renderChoice, supportsCards } from '../choices';
import { languageOf, type DialogServices } from '../dialog-services';
import { ANYTHING_ELSE, OFFER_TECHNICIAN } from '../follow-up-dialogs';
import { isFrustratedTurn, markOutOfScope, offerPersonAfterReply } from '../../turn';
import { withoutMarkup } from './phrases';
import { SmallTalkRecogniser, type FeedbackMatch } from './recognise-small-talk';
import type { SmallTalkContent, SmallTalkKind } from './small-talk-content';

/** Start-topic buttons send this before the topic id. */
export const TOPIC_CHOICE_PREFIX = 'topic:';

export interface SmallTalkOptions {
  content: SmallTalkContent;
  botName: string;
  /** Where feedback on the help is kept; absent: it is acknowledged but not stored. */
  feedback?: Pick<FeedbackStore, 'record'>;
  logger?: Logger;
}

/** Optional closing questions: small talk or feedback simply closes them. */
const FOLLOW_UPS: ReadonlySet<string> = new Set([OFFER_TECHNICIAN, ANYTHING_ELSE]);

/**
 * Answers what is not an IT problem: small talk ("thanks!", "are you a bot?"), feedback on the
 * help, and questions for other departments, all with texts from `content/small-talk`.
 */
export class SmallTalkReplies {
  private readonly recogniser: SmallTalkRecogniser;

  constructor(
    private readonly options: SmallTalkOptions,
    private readonly services: DialogServices,
  ) {
    this.recogniser = new SmallTalkRecogniser(options.content);
  }

  /** Answers a message that is small talk as a whole ("ok thanks, bye!"); true when it was. */
  async answerSmallTalk(dc: DialogContext, text: string): Promise<boolean> {
    const language = languageOf(dc.context, this.services);
    const smallTalk = this.recogniser.smallTalk(text, language);
    if (!smallTalk) return false;
    await this.replyToSmallTalk(dc, smallTalk.kind, language);
    return true;
  }

  /** Acknowledges and stores feedback on the help; true when the message was feedback. */
  async answerFeedback(dc: DialogContext, text: string): Promise<boolean> {
    const language = languageOf(dc.context, this.services);
    const feedback = this.recogniser.feedback(text, language);
    if (!feedback) return false;
    await this.acknowledgeFeedback(dc, text, feedback, language);
    return true;
  }

  /** Points a question outside IT to whoever answers it; true when it was one. */
  async answerOutOfScope(context: TurnContext, text: string): Promise<boolean> {
    const language = languageOf(context, this.services);
    const match = this.recogniser.outOfScope(text, language);
    const file = this.options.content[language];
    const area = match && file.outOfScope.areas.find((a) => a.id === match.area);
    if (!area) return false;
    // The case records count it as a problem outside IT (src/insights).
    markOutOfScope(context, area.id, language);
    await this.send(context, fill(file.outOfScope.reply, { subject: area.subject, pointer: area.pointer }));
    return true;
  }

  /** The question a start-topic button stands for, in the user's language. */
  topicQuestion(choice: string, language: Lang): string | undefined {
    if (!choice.startsWith(TOPIC_CHOICE_PREFIX)) return undefined;
    const topic = choice.slice(TOPIC_CHOICE_PREFIX.length);
    return this.options.content[language].startTopics.find((t) => t.topic === topic)?.ask;
  }

  /** The questions of the most asked topics (the welcome's buttons), most asked first. */
  startTopicQuestions(language: Lang): string[] {
    return this.options.content[language].startTopics.map((t) => t.ask);
  }

  /** `text` with the most asked topics as buttons (where the channel shows cards). */
  withStartTopics(
    context: TurnContext,
    text: string,
    language: Lang = languageOf(context, this.services),
  ): Partial<Activity> {
    if (!supportsCards(context.activity.channelId))
      return { type: ActivityTypes.Message, text, locale: language };
    const file = this.options.content[language];
    const options = file.startTopics.map(({ topic }) => ({
      value: `${TOPIC_CHOICE_PREFIX}${topic}`,
      label: this.services.knowledge.topicLabel(topic, language),
    }));
    const card = renderChoice(
      { lead: text, question: file.startTopicsTitle, options },
      { channelId: context.activity.channelId, locale: language, textHint: '' },
    );
    // Buttons to start with, not a question that waits for an answer: typing anything is fine.
    return { ...card, inputHint: 'acceptingInput' };
  }

  private async replyToSmallTalk(dc: DialogContext, kind: SmallTalkKind, language: Lang): Promise<void> {
    const reply = fill(this.options.content[language].smallTalk[kind].reply, {
      botName: this.options.botName,
    });
    if (kind === 'capabilities') await dc.context.sendActivity(this.withStartTopics(dc.context, reply));
    else await this.send(dc.context, reply);
    const active = dc.activeDialog?.id;
    if (!active) return;
    if (FOLLOW_UPS.has(active)) await dc.cancelAllDialogs();
    // After a goodbye the open question waits silently, should the user come back to it.
    else if (kind !== 'goodbye') await dc.repromptDialog();
  }

  private async acknowledgeFeedback(
    dc: DialogContext,
    text: string,
    feedback: FeedbackMatch,
    language: Lang,
  ): Promise<void> {
    const { context } = dc;
    const about = await this.aboutWhat(context, feedback.rest, language);
    // The owning team reads the remark, not the markup it was sent in.
    await this.store(context, withoutMarkup(text), feedback, language, about);
    // The help was judged: whatever walk-through or question was open is over.
    if (dc.activeDialog) await dc.cancelAllDialogs();
    // A complaint that is also frustration: thanks first, then the offer of a person.
    if (isFrustratedTurn(context)) offerPersonAfterReply(context);
    const texts = this.options.content[language].feedback;
    const topic = about.topic ? this.services.knowledge.topicLabel(about.topic, language) : undefined;
    const reply =
      feedback.sentiment === 'negative'
        ? topic
          ? fill(texts.thanksNegative, { topic })
          : texts.thanksNegativeUnnamed
        : topic
          ? fill(texts.thanksPositive, { topic })
          : texts.thanksPositiveUnnamed;
    await this.send(context, reply);
  }

  /**
   * The topic the remark names ("the VPN guide"), else the article the conversation last suggested.
   * A remark that names the conversation's own topic among others ("the VPN guide was useless, my
   * password is …") is about that topic.
   */
  private async aboutWhat(
    context: TurnContext,
    rest: string,
    language: Lang,
  ): Promise<{ topic?: string; articleId?: string; about: 'named' | 'conversation' | 'unknown' }> {
    const file = await this.services.cases.get(context);
    const named = rest ? this.services.knowledge.match(rest, { language }) : undefined;
    const ongoing = named?.results.find(
      // As sure as a "did you mean?" would need to be.
      (r) => r.topic === file?.topic && r.confidence >= this.services.knowledge.clarifyThreshold,
    );
    const top = ongoing ?? (named && named.decision !== 'none' ? named.results[0] : undefined);
    if (top) return { topic: top.topic, about: 'named' };
    const articleId = file?.suggestions.at(-1)?.articleId;
    const article = articleId ? this.services.knowledge.getArticle(articleId, language) : undefined;
    // The topic started last (an article or a flow); the article when it is that topic's.
    const topic = file?.topic ?? article?.article.topic;
    if (!topic) return { about: 'unknown' };
    const sameTopic = article && article.article.topic === topic;
    return { topic, ...(sameTopic ? { articleId } : {}), about: 'conversation' };
  }

  private async store(
    context: TurnContext,
    text: string,
    feedback: FeedbackMatch,
    language: Lang,
    about: { topic?: string; articleId?: string; about: 'named' | 'conversation' | 'unknown' },
  ): Promise<void> {
    if (!this.options.feedback) return;
    const { activity } = context;
    try {
      await this.options.feedback.record({
        userId: activity.from?.id ?? 'unknown',
        conversationId: activity.conversation?.id ?? 'unknown',
        channelId: activity.channelId ?? 'unknown',
        language,
        sentiment: feedback.sentiment,
        text,
        ...(about.topic ? { topic: about.topic } : {}),
        ...(about.articleId ? { articleId: about.articleId } : {}),
        about: about.about,
      });
    } catch (err) {
      // Losing a remark must not cost the user their answer.
      this.options.logger?.warn({ err }, 'feedback could not be stored');
    }
  }

  private async send(context: TurnContext, text: string): Promise<void> {
    await context.sendActivity({
      type: ActivityTypes.Message,
      text,
      locale: languageOf(context, this.services),
    });
  }
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
