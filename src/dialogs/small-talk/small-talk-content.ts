import { z } from 'zod';
import { type Lang } from '../../i18n/languages';

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
