import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../i18n/languages';

export const SMALL_TALK_KINDS = ['greeting', 'thanks', 'goodbye', 'identity', 'capabilities'] as const;
export type SmallTalkKind = (typeof SMALL_TALK_KINDS)[number];

const phrase = z.string().trim().min(1).max(80);
const phrases = z.array(phrase).min(1).max(200);
const reply = z.string().trim().min(1).max(600);

const smallTalkEntry = z.strictObject({ phrases, reply });
const area = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case kebab-case id'),
  /** What the area covers, read into the reply: "for {subject}, please ask {pointer}". */
  subject: z.string().trim().min(1).max(200),
  pointer: z.string().trim().min(1).max(300),
  phrases,
});

export const smallTalkFileSchema = z.strictObject({
  smallTalk: z.strictObject(
    Object.fromEntries(SMALL_TALK_KINDS.map((kind) => [kind, smallTalkEntry])) as Record<
      SmallTalkKind,
      typeof smallTalkEntry
    >,
  ),
  fillers: z.array(phrase).max(200).default([]),
  /** The heading of the start-topic buttons ("Often asked:"). */
  startTopicsTitle: z.string().trim().min(1).max(80),
  startTopics: z
    .array(z.strictObject({ topic: z.string().min(1), ask: z.string().trim().min(1).max(200) }))
    .min(3, 'show 3 to 5 topics')
    .max(5, 'show 3 to 5 topics'),
  outOfScope: z.strictObject({
    reply: reply.refine((r) => r.includes('{subject}') && r.includes('{pointer}'), {
      message: 'must contain {subject} and {pointer}',
    }),
    itWords: phrases,
    areas: z.array(area).min(1).max(30),
  }),
  feedback: z.strictObject({
    subjects: phrases,
    negative: phrases,
    positive: phrases,
    thanksNegative: reply.refine((r) => r.includes('{topic}'), { message: 'must contain {topic}' }),
    thanksNegativeUnnamed: reply,
    thanksPositive: reply.refine((r) => r.includes('{topic}'), { message: 'must contain {topic}' }),
    thanksPositiveUnnamed: reply,
  }),
});

export type SmallTalkFile = z.infer<typeof smallTalkFileSchema>;
export type SmallTalkContent = Record<Lang, SmallTalkFile>;

export interface SmallTalkProblem {
  file: string;
  problem: string;
}

/**
 * Reads `<dir>/<lang>.yaml` for every language and checks them: the schema, topics that exist
 * in the taxonomy (when given), and the same out-of-scope area ids in every language, so a
 * pointer is never missing in one of them.
 */
export function checkSmallTalk(
  dir: string,
  knownTopics?: ReadonlySet<string>,
): { content?: SmallTalkContent; problems: SmallTalkProblem[] } {
  const problems: SmallTalkProblem[] = [];
  const loaded: Partial<Record<Lang, SmallTalkFile>> = {};
  for (const lang of LANGUAGES) {
    const file = path.join(dir, `${lang}.yaml`);
    let raw: unknown;
    try {
      raw = YAML.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push({ file, problem: `cannot be read: ${(err as Error).message}` });
      continue;
    }
    const parsed = smallTalkFileSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 10))
        problems.push({ file, problem: `${issue.path.join('.') || '(file)'}: ${issue.message}` });
      continue;
    }
    for (const { topic } of parsed.data.startTopics) {
      if (knownTopics && !knownTopics.has(topic))
        problems.push({ file, problem: `startTopics: "${topic}" is not a topic of the taxonomy` });
    }
    loaded[lang] = parsed.data;
  }
  const reference = loaded.en?.outOfScope.areas
    .map((a) => a.id)
    .sort()
    .join(',');
  for (const lang of LANGUAGES) {
    const ids = loaded[lang]?.outOfScope.areas
      .map((a) => a.id)
      .sort()
      .join(',');
    if (reference !== undefined && ids !== undefined && ids !== reference)
      problems.push({
        file: path.join(dir, `${lang}.yaml`),
        problem: `outOfScope.areas: ids ${ids} differ from en (${reference})`,
      });
  }
  if (problems.length > 0) return { problems };
  return { content: loaded as SmallTalkContent, problems };
}

/** Loads the small-talk content; throws with every problem when it is invalid. */
export function loadSmallTalk(dir: string, knownTopics?: ReadonlySet<string>): SmallTalkContent {
  const { content, problems } = checkSmallTalk(dir, knownTopics);
  if (!content)
    throw new Error(
      `Small-talk content is invalid:\n${problems.map((p) => `  ${p.file}: ${p.problem}`).join('\n')}`,
    );
  return content;
}
