import fs from 'node:fs';
import type { Lang } from '../../i18n/languages';
import type { Taxonomy } from '../articles/taxonomy';
import { splitAnswer } from './answer-to-steps';
import {
  emptyReport,
  slugify,
  today,
  uniqueId,
  UNSORTED_TOPIC,
  writeDrafts,
  type ArticleDraft,
  type ImportReport,
} from './draft';
import { parseQnaExport, type QnaRecord } from './qna-source';

export interface QnaImportOptions {
  file: string;
  outDir: string;
  language: Lang;
  taxonomy: Taxonomy;
  /** Used when a QnA's metadata names no taxonomy topic. */
  topic?: string;
  now?: Date;
}

const TOPIC_KEYS = new Set(['topic', 'category']);
const DEFAULT_OWNER = 'service-desk';

/** Converts a QnA Maker / question answering export into article files plus a review report. */
export function importQna(options: QnaImportOptions): ImportReport {
  const records = parseQnaExport(fs.readFileSync(options.file, 'utf8'));
  const report = emptyReport();
  const usable = records.filter((record) => {
    if (record.source.toLowerCase().startsWith('qna_chitchat')) {
      report.skipped.push({
        source: `QnA ${record.qnaId}`,
        reason: 'chit-chat; FirstLine has its own small talk',
      });
      return false;
    }
    if (record.questions.length === 0 || record.answer.trim() === '') {
      report.skipped.push({ source: `QnA ${record.qnaId}`, reason: 'no question or no answer' });
      return false;
    }
    return true;
  });
  const taken = new Set<string>();
  const ids = new Map(usable.map((r) => [r.qnaId, uniqueId(slugify(r.questions[0] ?? ''), taken)]));
  const drafts = usable.map((record) => toDraft(record, ids, options, report));
  writeDrafts(drafts, options.outDir, report);
  return report;
}

function toDraft(
  record: QnaRecord,
  ids: Map<string, string>,
  options: QnaImportOptions,
  report: ImportReport,
): ArticleDraft {
  const id = ids.get(record.qnaId) ?? slugify(record.questions[0] ?? '');
  const note = (text: string): void => {
    report.review.push({ id, note: text });
  };
  const topic = resolveTopic(record, options, note);
  const split = splitAnswer(record.answer);
  if (!split.numbered) note('the answer had no numbered list and became a single step; split it into steps');
  if (record.questions.length < 8) {
    note(`only ${record.questions.length} example question(s); add more ways users ask (8-40)`);
  }
  if (record.isContextOnly) {
    note(
      'was a follow-up-only answer in QnA Maker; it is now a standalone article, check it makes sense alone',
    );
  }
  if (record.source && !/^editorial$/i.test(record.source)) note(`came from source "${record.source}"`);
  const related: string[] = [];
  for (const prompt of record.prompts) {
    const target = ids.get(prompt.qnaId);
    if (target) related.push(target);
    else
      note(`follow-up prompt "${prompt.displayText}" points at QnA ${prompt.qnaId}, which was not imported`);
  }
  return {
    id,
    title: record.questions[0] ?? id,
    language: options.language,
    topic,
    tags: tagsFrom(record, topic),
    examples: [...new Set(record.questions)],
    audience: ['employee'],
    owner: options.taxonomy.topics.get(topic)?.owner ?? DEFAULT_OWNER,
    lastReviewed: today(options.now),
    related: related.length > 0 ? [...new Set(related)] : undefined,
    summary: split.summary,
    steps: split.steps,
    closing: split.closing,
  };
}

function resolveTopic(record: QnaRecord, options: QnaImportOptions, note: (text: string) => void): string {
  for (const { name, value } of record.metadata) {
    if (!TOPIC_KEYS.has(name.toLowerCase())) continue;
    const topic = matchTopic(value, options.taxonomy);
    if (topic) return topic;
    note(`metadata ${name}:${value} is not a taxonomy topic`);
  }
  if (options.topic) return options.topic;
  note(`no topic: choose one from content/taxonomy.yaml and move the file out of "${UNSORTED_TOPIC}/"`);
  return UNSORTED_TOPIC;
}

/** QnA metadata cannot hold dots, so `network_wifi` or `network-wifi` stand for network.wifi. */
function matchTopic(value: string, taxonomy: Taxonomy): string | undefined {
  const wanted = value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-');
  for (const topic of taxonomy.topics.keys()) {
    if (
      topic === wanted ||
      topic.replace(/\./g, '-') === wanted ||
      topic.replace(/\./g, '-') === wanted.replace(/\./g, '-')
    ) {
      return topic;
    }
  }
  return undefined;
}

function tagsFrom(record: QnaRecord, topic: string): string[] {
  const tags = record.metadata
    .filter(({ name }) => !TOPIC_KEYS.has(name.toLowerCase()))
    .map(({ value }) => value.trim().toLowerCase().replace(/_/g, ' '))
    .filter((value) => value !== '');
  if (topic !== UNSORTED_TOPIC) tags.push(...(topic.split('.').pop() ?? '').split('-'));
  return [...new Set(tags)];
}
