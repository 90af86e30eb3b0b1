import { createHash } from 'node:crypto';
import type { Lang } from '../i18n/languages';
import { caseCollection, daysBetween, type CaseRecord, type CaseRecordOutcome } from '../insights';
import type { Logger } from '../logging';
import type { StorageBackend, Where } from '../storage/ports';
import { agglomerate, medoid, similarityMatrix, tfidfVectors } from './clustering';
import type { GapTermAnalyzer } from './gap-terms';

/** The outcomes that show a gap: the bot had nothing, or people had to take over. */
const GAP_OUTCOMES: readonly CaseRecordOutcome[] = ['unanswered', 'handed-over', 'ticket'];
/** The most recent questions clustered per request (two periods together); older ones are left out. */
export const MAX_GAP_QUESTIONS = 1500;
const MAX_EXAMPLES = 6;
const MAX_NOTES = 5;
const MAX_TERMS = 5;

export interface GapQuery {
  /** Questions asked at or after this time... */
  from: Date;
  /** ...and before this one; the period of the same length before `from` is the trend's baseline. */
  to: Date;
  language?: Lang;
}

/** A technician's resolution note on a ticket of one of the cluster's conversations. */
export interface ResolutionNote {
  conversationId: string;
  ticketNumber: string;
  note: string;
  at: string;
}

/** Where resolution notes come from (the tickets of those conversations). */
export type ResolutionNotes = (conversationIds: readonly string[]) => Promise<ResolutionNote[]>;

/** Texts to vectors for similarity (an OpenAI-compatible embeddings model), when configured. */
export interface GapEmbeddings {
  embed(texts: string[]): Promise<number[][]>;
}

export interface KnowledgeGap {
  /** Stable while the cluster keeps its oldest question in the period: how a draft names its gap. */
  id: string;
  /** Questions in the period. */
  cases: number;
  /** Questions like them in the period of the same length before. */
  previousCases: number;
  /** cases − previousCases. */
  trend: number;
  unanswered: number;
  escalated: number;
  /** The features the questions share most (cross-language concepts, or word stems). */
  terms: string[];
  languages: { language: Lang; cases: number }[];
  /** Redacted questions, the most typical first, spread over the languages. */
  examples: { text: string; language: Lang }[];
  resolutionNotes: { ticketNumber: string; note: string; at: string }[];
}

export interface GapReport {
  from: string;
  to: string;
  /** Gap questions in the period, and whether older ones were left out for size. */
  questions: number;
  truncated: boolean;
  /** True when embeddings took part in the similarity. */
  embeddings: boolean;
  gaps: KnowledgeGap[];
}

/** A gap with every question it holds, for drafting an article from it. */
export interface GapDetail extends KnowledgeGap {
  questions: { text: string; language: Lang }[];
  topics: string[];
}

export interface KnowledgeGapsDeps {
  storage: Pick<StorageBackend, 'collection'>;
  analyzer: () => GapTermAnalyzer;
  resolutionNotes: ResolutionNotes;
  redact: (text: string) => string;
  /** Average similarity two groups need to merge (0..1). */
  threshold: number;
  embeddings?: GapEmbeddings;
  logger: Logger;
}

interface Question {
  record: CaseRecord;
  text: string;
  current: boolean;
}

/**
 * Knowledge gaps: the unanswered and escalated questions of a period, clustered across languages
 * (term list concepts, stems, TF-IDF cosine, embeddings when configured; average linkage), ranked
 * by volume and then by growth over the previous period.
 */
export class KnowledgeGaps {
  constructor(private readonly deps: KnowledgeGapsDeps) {}

  async list(query: GapQuery): Promise<GapReport> {
    const { clusters, questions, truncated, embedded } = await this.cluster(query);
    const notes = await this.notesOf(questions);
    const gaps = clusters.map((c) => this.describe(c.members, c.typical, notes));
    const ranked = gaps
      .filter((gap) => gap.cases > 0)
      .sort((a, b) => b.cases - a.cases || b.trend - a.trend || a.id.localeCompare(b.id));
    return {
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      questions: questions.filter((q) => q.current).length,
      truncated,
      embeddings: embedded,
      gaps: ranked.map(({ detail: _detail, ...gap }) => gap),
    };
  }

  /** One gap of a period with all of its questions; undefined when the period has no such gap. */
  async get(query: GapQuery, id: string): Promise<GapDetail | undefined> {
    const { clusters, questions } = await this.cluster(query);
    const notes = await this.notesOf(questions);
    for (const cluster of clusters) {
      const gap = this.describe(cluster.members, cluster.typical, notes);
      if (gap.id === id) {
        const { detail, ...rest } = gap;
        return { ...rest, ...detail };
      }
    }
    return undefined;
  }

  private async cluster(query: GapQuery) {
    const span = query.to.getTime() - query.from.getTime();
    const previousFrom = new Date(query.from.getTime() - span);
    const where: Where<CaseRecord> = {
      day: { in: daysBetween(previousFrom, query.to) },
      outcome: { in: GAP_OUTCOMES },
    };
    if (query.language) where.language = query.language;
    const [fromIso, toIso, previousIso] = [query.from, query.to, previousFrom].map((d) => d.toISOString());
    const found = (await caseCollection(this.deps.storage).find({ where }))
      .filter((r) => r.firstMessage && r.openedAt >= previousIso! && r.openedAt < toIso!)
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt));
    const truncated = found.length > MAX_GAP_QUESTIONS;
    const questions: Question[] = found.slice(0, MAX_GAP_QUESTIONS).map((record) => ({
      record,
      text: this.deps.redact(record.firstMessage ?? ''),
      current: record.openedAt >= fromIso!,
    }));
    const analyzer = this.deps.analyzer();
    const bags = questions.map((q) => analyzer.analyse(q.text, q.record.language));
    const embeddings = await this.embed(questions.map((q) => q.text));
    const sim = similarityMatrix(tfidfVectors(bags), embeddings);
    const n = questions.length;
    const clusters = agglomerate(sim, n, this.deps.threshold).map((group) => ({
      members: group.map((i) => ({ question: questions[i]!, terms: [...bags[i]!.keys()] })),
      typical: questions[medoid(sim, n, group)]!,
    }));
    return { clusters, questions, truncated, embedded: embeddings !== undefined };
  }

  private async embed(texts: string[]): Promise<number[][] | undefined> {
    if (!this.deps.embeddings || texts.length < 2) return undefined;
    try {
      return await this.deps.embeddings.embed(texts);
    } catch (err) {
      // The lexical similarity alone still groups the questions; the model is only a help.
      this.deps.logger.warn({ err }, 'knowledge gaps: embeddings failed; clustering on words alone');
      return undefined;
    }
  }

  /** Resolution notes by conversation, for the period's questions (one read for every cluster). */
  private async notesOf(questions: Question[]): Promise<Map<string, ResolutionNote[]>> {
    const ids = [...new Set(questions.filter((q) => q.current).map((q) => q.record.conversationId))];
    const byConversation = new Map<string, ResolutionNote[]>();
    if (ids.length === 0) return byConversation;
    for (const note of await this.deps.resolutionNotes(ids))
      byConversation.set(note.conversationId, [...(byConversation.get(note.conversationId) ?? []), note]);
    return byConversation;
  }

  private describe(
    members: { question: Question; terms: string[] }[],
    typical: Question,
    notesByConversation: Map<string, ResolutionNote[]>,
  ): KnowledgeGap & { detail: Pick<GapDetail, 'questions' | 'topics'> } {
    const current = members.filter((m) => m.question.current).map((m) => m.question);
    const oldest = [...current].sort((a, b) => a.record.openedAt.localeCompare(b.record.openedAt))[0];
    const id = `gap-${createHash('sha256')
      .update(oldest?.record.id ?? typical.record.id)
      .digest('hex')
      .slice(0, 16)}`;
    const languages = count(current.map((q) => q.record.language)).map(([language, cases]) => ({
      language: language as Lang,
      cases,
    }));
    const notes = [...new Set(current.map((q) => q.record.conversationId))].flatMap(
      (id) => notesByConversation.get(id) ?? [],
    );
    return {
      id,
      cases: current.length,
      previousCases: members.length - current.length,
      trend: current.length - (members.length - current.length),
      unanswered: current.filter((q) => q.record.outcome === 'unanswered').length,
      escalated: current.filter((q) => q.record.outcome !== 'unanswered').length,
      // Concepts first (readable in every language), then the commonest word stems.
      terms: count(members.flatMap((m) => m.terms))
        .sort(([a], [b]) => Number(b.startsWith('c:')) - Number(a.startsWith('c:')))
        .slice(0, MAX_TERMS)
        .map(([term]) => term.slice(2)),
      languages,
      examples: examplesOf(current, typical),
      resolutionNotes: notes
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, MAX_NOTES)
        .map((n) => ({ ticketNumber: n.ticketNumber, note: this.deps.redact(n.note), at: n.at })),
      detail: {
        questions: current.map((q) => ({ text: q.text, language: q.record.language })),
        topics: count(current.flatMap((q) => (q.record.topic ? [q.record.topic] : []))).map(([t]) => t),
      },
    };
  }
}

/** The most typical question first, then one per language in turn, without repeats. */
function examplesOf(current: Question[], typical: Question): { text: string; language: Lang }[] {
  const ordered = current.includes(typical) ? [typical, ...current.filter((q) => q !== typical)] : current;
  const byLanguage = new Map<Lang, Question[]>();
  for (const q of ordered)
    byLanguage.set(q.record.language, [...(byLanguage.get(q.record.language) ?? []), q]);
  const examples: { text: string; language: Lang }[] = [];
  const seen = new Set<string>();
  for (let round = 0; examples.length < MAX_EXAMPLES; round++) {
    let added = false;
    for (const list of byLanguage.values()) {
      const q = list[round];
      if (!q) continue;
      added = true;
      const key = q.text.toLowerCase();
      if (seen.has(key) || examples.length >= MAX_EXAMPLES) continue;
      seen.add(key);
      examples.push({ text: q.text, language: q.record.language });
    }
    if (!added) break;
  }
  return examples;
}

function count(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb));
}
