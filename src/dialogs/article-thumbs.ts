import { CardFactory, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import type { FeedbackStore } from '../feedback';
import type { Catalogue } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { Logger } from '../logging';
import { CHOICE_LABEL_KEY, CHOICE_VALUE_KEY, supportsCards } from './choices';
import type { KnowledgeLookup } from './knowledge-lookup';

/** The value a thumbs button submits; the article and the verdict travel with it. */
export const ARTICLE_THUMBS = 'article-thumbs';
const ARTICLE_KEY = 'firstlineArticle';
const THUMBS_KEY = 'firstlineThumbs';
const MAX_ARTICLE_ID_CHARS = 200;

export type Thumbs = 'up' | 'down';

/**
 * "Was this guide helpful? 👍 👎" under the last message of an article walk-through, as a card
 * that stays clickable in the chat; undefined where the channel shows no cards (the walk-through's
 * own "did that work?" answers already say whether it helped).
 */
export function articleThumbsCard(
  catalogue: Catalogue,
  language: Lang,
  channelId: string | undefined,
  articleId: string,
): Attachment | undefined {
  if (!supportsCards(channelId)) return undefined;
  const teams = channelId === 'msteams';
  const button = (thumbs: Thumbs, key: string) => {
    const label = catalogue.t(language, key);
    return {
      type: 'Action.Submit',
      title: label,
      data: {
        [CHOICE_VALUE_KEY]: ARTICLE_THUMBS,
        [CHOICE_LABEL_KEY]: label,
        [ARTICLE_KEY]: articleId,
        [THUMBS_KEY]: thumbs,
        ...(teams ? { msteams: { type: 'messageBack', displayText: label, text: label } } : {}),
      },
    };
  };
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: catalogue.t(language, 'walkthrough.thumbsQuestion'), wrap: true }],
    actions: [button('up', 'walkthrough.thumbsUp'), button('down', 'walkthrough.thumbsDown')],
  });
}

/** The article and verdict of a thumbs click; undefined for any other message. */
export function recogniseThumbs(
  activity: Partial<Activity>,
): { articleId: string; thumbs: Thumbs; label: string } | undefined {
  const value: unknown = activity.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const data = value as Record<string, unknown>;
  if (data[CHOICE_VALUE_KEY] !== ARTICLE_THUMBS) return undefined;
  const articleId = data[ARTICLE_KEY];
  const thumbs = data[THUMBS_KEY];
  const label = data[CHOICE_LABEL_KEY];
  if (typeof articleId !== 'string' || !articleId || articleId.length > MAX_ARTICLE_ID_CHARS)
    return undefined;
  if (thumbs !== 'up' && thumbs !== 'down') return undefined;
  return { articleId, thumbs, label: typeof label === 'string' ? label.slice(0, 100) : thumbs };
}

/**
 * Takes a thumbs click whatever dialog is open (the question the bot asked next stays open):
 * kept as feedback on the article (source `article`, with its topic), which the feedback routing
 * and the reports read per article. A click for an article the knowledge base does not know is
 * left to the bot like any other message.
 */
export class ArticleThumbs {
  constructor(
    private readonly deps: {
      feedback: Pick<FeedbackStore, 'record'>;
      knowledge: Pick<KnowledgeLookup, 'getArticle'>;
      catalogue: Catalogue;
      logger: Logger;
    },
  ) {}

  async intercept(context: TurnContext, language: Lang): Promise<boolean> {
    const clicked = recogniseThumbs(context.activity);
    if (!clicked) return false;
    const article = this.deps.knowledge.getArticle(clicked.articleId, language)?.article;
    if (!article) return false;
    try {
      await this.deps.feedback.record({
        userId: context.activity.from?.id ?? 'unknown',
        conversationId: context.activity.conversation?.id ?? 'unknown',
        channelId: context.activity.channelId ?? 'unknown',
        language,
        sentiment: clicked.thumbs === 'up' ? 'positive' : 'negative',
        text: clicked.label,
        topic: article.topic,
        articleId: article.id,
        about: 'named',
        source: 'article',
      });
    } catch (err) {
      this.deps.logger.warn({ err }, 'thumbs on an article could not be kept');
    }
    await context.sendActivity({
      type: 'message',
      text: this.deps.catalogue.t(language, 'walkthrough.thumbsThanks'),
      locale: language,
    });
    return true;
  }
}
