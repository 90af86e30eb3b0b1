import { TurnContext } from 'botbuilder';
import type { Catalogue } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { Logger } from '../logging';
import { statusMessageFor } from './incident-resolution';
import type { IncidentStore } from './incident-store';
import { MAX_LINKS, type Incident, type IncidentLink } from './incident-types';
import { contentWords } from './spike-detector';

export interface KnownProblemsDeps {
  store: IncidentStore;
  catalogue: Pick<Catalogue, 't'>;
  /** Function words of every language, folded: never what a problem matches by. */
  stopWords: ReadonlySet<string>;
  clock: () => Date;
  logger: Logger;
  /**
   * How long this instance trusts its list of active incidents before reading it again; changes
   * made through this instance are seen at once, other instances' within this time.
   */
  cacheMs?: number;
}

/** The problem a user just described, as the dialog router saw it. */
export interface DescribedProblem {
  text: string;
  language: Lang;
  /** The matcher's topic, when it found one. */
  topic?: string;
}

const DEFAULT_CACHE_MS = 5_000;
/** A problem without the incident's topic matches by this many of its words (or all, if fewer). */
const WORDS_TO_MATCH = 2;

/**
 * While an incident is confirmed, users whose problem matches it (the matcher's topic, or the
 * incident's words) are told it is a known problem with its status in their language, and their
 * conversation is linked to it so that they hear when it is resolved.
 */
export class KnownProblems {
  private active: { incidents: Incident[]; until: number } | undefined;

  constructor(private readonly deps: KnownProblemsDeps) {}

  /** Forget the cached list (an incident changed on this instance). */
  invalidate(): void {
    this.active = undefined;
  }

  /** The notice for this turn's problem, linking the conversation; undefined when nothing matches. */
  async noticeFor(context: TurnContext, problem: DescribedProblem): Promise<string | undefined> {
    const incident = (await this.confirmed()).find((i) => this.matches(i, problem));
    if (!incident) return undefined;
    await this.link(incident, context, problem.language);
    return this.deps.catalogue.t(problem.language, 'incident.known', {
      title: incident.title,
      status: statusMessageFor(incident, problem.language),
    });
  }

  /** The topics of confirmed incidents, the most recently confirmed first. */
  async activeTopics(): Promise<string[]> {
    const newestFirst = [...(await this.confirmed())].sort((a, b) =>
      (b.confirmedAt ?? '').localeCompare(a.confirmedAt ?? ''),
    );
    return [...new Set(newestFirst.flatMap((i) => (i.topic ? [i.topic] : [])))];
  }

  private matches(incident: Incident, problem: DescribedProblem): boolean {
    if (incident.topic && incident.topic === problem.topic) return true;
    if (incident.words.length === 0) return false;
    const words = new Set(contentWords(problem.text, this.deps.stopWords));
    const found = incident.words.filter((w) => words.has(w)).length;
    return found >= Math.min(WORDS_TO_MATCH, incident.words.length);
  }

  private async link(incident: Incident, context: TurnContext, language: Lang): Promise<void> {
    const activity = context.activity;
    const conversationId = activity.conversation?.id;
    if (!conversationId) return;
    const link: IncidentLink = {
      conversationId,
      channelId: activity.channelId ?? 'unknown',
      userId: activity.from?.id ?? 'unknown',
      language,
      linkedAt: this.deps.clock().toISOString(),
      reference: TurnContext.getConversationReference(activity),
    };
    try {
      await this.deps.store.change(incident.id, (current) => {
        if (current.status !== 'confirmed' || current.links.length >= MAX_LINKS) return undefined;
        const existing = current.links.find((l) => l.conversationId === conversationId);
        // Linked by the detector without a way back (not web chat): now there is one.
        if (existing?.reference) return undefined;
        const others = current.links.filter((l) => l.conversationId !== conversationId);
        return { links: [...others, link] };
      });
    } catch (err) {
      // The user is still told; only the resolution notice may not reach them.
      this.deps.logger.warn(
        { err, incident: incident.number },
        'a conversation could not be linked to an incident',
      );
    }
  }

  private async confirmed(): Promise<Incident[]> {
    const now = Date.now();
    if (this.active && this.active.until > now) return this.active.incidents;
    const incidents = await this.deps.store.list(['confirmed']);
    this.active = { incidents, until: now + (this.deps.cacheMs ?? DEFAULT_CACHE_MS) };
    return incidents;
  }
}
