import type { Lang } from '../i18n/languages';
import type { Taxonomy, TeamContact } from '../knowledge';
import type { Logger } from '../logging';
import type { FeedbackOutbox, FeedbackNotice, NewOutboxItem } from './feedback-outbox';
import type { FeedbackRecord, FeedbackStore, NewFeedback } from './feedback-store';

export interface FeedbackRoutingDeps {
  store: FeedbackStore;
  outbox: FeedbackOutbox;
  /** The taxonomy as it is now (a content reload changes it). */
  taxonomy: () => Taxonomy;
  /** The knowledge base's best topic for a text, when it is confident enough to name one. */
  matchTopic: (text: string, language: Lang) => string | undefined;
  /** The topic an article is filed under. */
  articleTopic: (articleId: string) => string | undefined;
  logger: Logger;
}

/** A rating comment as the hand-over hands it on (a ticket's fields). */
export interface RatingComment {
  ticketNumber: string;
  userId: string;
  conversationId: string;
  channelId: string;
  language: Lang;
  score: number;
  comment: string;
  /** The first article suggested before the hand-over, whose topic the ticket was about. */
  articleId?: string;
  problem: string;
}

/**
 * Files every remark about the help under a topic, keeps it for the console's Feedback inbox and
 * puts a notice in the outbox for each way the topic's owning team is reached
 * (content/taxonomy.yaml). The topic is the one the conversation was about, else the knowledge
 * base's match for the text.
 */
export class FeedbackRouting {
  constructor(private readonly deps: FeedbackRoutingDeps) {}

  /** What the dialogs call for a remark in chat (and an article marked unhelpful). */
  async record(feedback: NewFeedback): Promise<FeedbackRecord> {
    const classified = this.classify(feedback, feedback.text);
    const record = await this.deps.store.record(classified);
    await this.route(record);
    return record;
  }

  /** A comment the user left with a rating after a technician resolved their problem. */
  async ratingComment(rating: RatingComment): Promise<FeedbackRecord> {
    const article = rating.articleId;
    const topicOfArticle = article ? this.deps.articleTopic(article) : undefined;
    const feedback: NewFeedback = {
      userId: rating.userId,
      conversationId: rating.conversationId,
      channelId: rating.channelId,
      language: rating.language,
      sentiment: rating.score >= 4 ? 'positive' : 'negative',
      text: rating.comment,
      source: 'rating',
      ticketNumber: rating.ticketNumber,
      score: rating.score,
      ...(topicOfArticle ? { topic: topicOfArticle } : {}),
      ...(article ? { articleId: article } : {}),
      about: topicOfArticle ? 'conversation' : 'unknown',
    };
    // Without an article, the problem the user described says what it was about better than the comment.
    return this.record(topicOfArticle ? feedback : this.classify(feedback, rating.problem));
  }

  private classify(feedback: NewFeedback, text: string): NewFeedback {
    const taxonomy = this.deps.taxonomy();
    let { topic, about } = feedback;
    if (!topic) {
      topic = this.deps.matchTopic(text, feedback.language);
      about = topic ? 'matched' : 'unknown';
    }
    const team = topic ? taxonomy.topics.get(topic)?.owner : undefined;
    return {
      ...feedback,
      source: feedback.source ?? 'chat',
      about,
      ...(topic ? { topic } : {}),
      ...(team ? { team } : {}),
    };
  }

  private async route(record: FeedbackRecord): Promise<void> {
    const taxonomy = this.deps.taxonomy();
    const contact = record.team ? taxonomy.teams?.get(record.team) : undefined;
    if (!record.team || !contact) return; // the inbox has it; no other way to the team
    // A thumbs-up on an article is counted in the insights and kept in the inbox; the team hears
    // of the guides that did not help.
    if (record.source === 'article' && record.sentiment !== 'negative') return;
    const notice = noticeOf(record, record.team, taxonomy);
    for (const item of deliveriesTo(contact, notice)) await this.deps.outbox.enqueue(item);
  }
}

function noticeOf(record: FeedbackRecord, team: string, taxonomy: Taxonomy): FeedbackNotice {
  const label = record.topic ? taxonomy.topics.get(record.topic)?.labels.en : undefined;
  return {
    feedbackId: record.id,
    source: record.source ?? 'chat',
    sentiment: record.sentiment,
    team,
    language: record.language,
    channelId: record.channelId,
    text: record.text,
    createdAt: record.createdAt,
    ...(record.topic ? { topic: record.topic } : {}),
    ...(label ? { topicLabel: label } : {}),
    ...(record.articleId ? { articleId: record.articleId } : {}),
    ...(record.ticketNumber ? { ticketNumber: record.ticketNumber } : {}),
    ...(record.score !== undefined ? { score: record.score } : {}),
  };
}

function deliveriesTo(contact: TeamContact, notice: FeedbackNotice): NewOutboxItem[] {
  return [
    ...(contact.webhook
      ? [
          {
            channel: 'webhook' as const,
            target: contact.webhook.url,
            secretName: contact.webhook.secret,
            notice,
          },
        ]
      : []),
    ...(contact.teamsChannel ? [{ channel: 'teams' as const, target: contact.teamsChannel, notice }] : []),
    ...(contact.email ?? []).map((to) => ({ channel: 'email' as const, target: to, notice })),
  ];
}
