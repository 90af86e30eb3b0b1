import { z } from 'zod';

/**
 * The diagnostic flow format (docs/authoring-flows.md). The schema is deliberately lenient where
 * the checker gives a better message: missing translations, missing `next` (a dead end), unknown
 * facts and references are reported by `checkFlows` with file and line, not as schema errors.
 */

/** Facts every flow may read or collect; the case file and the hand-over carry them. */
export const STANDARD_FACTS = [
  'os',
  'deviceType',
  'errorCode',
  'errorMessage',
  'location',
  'urgency',
  'softwareName',
  'businessReason',
  'assetTag',
  'phoneNumber',
  'printer',
  'accessTarget',
  'approver',
] as const;
export type FactName = (typeof STANDARD_FACTS)[number];

/** Facts whose values come from a fixed list; choices and branches must use these values. */
export const FACT_VALUES: Partial<Record<FactName, readonly string[]>> = {
  os: ['windows-11', 'windows-10', 'macos', 'ios', 'android', 'linux', 'other'],
  deviceType: ['laptop', 'desktop', 'mac', 'phone', 'tablet', 'printer', 'other'],
  urgency: ['low', 'normal', 'high', 'urgent'],
};

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const nodeId = z.string().regex(kebab, 'node ids are kebab-case');
const flowId = z.string().regex(kebab, 'flow ids are kebab-case');
const factName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'fact names are camelCase');
const text = z.string().trim().min(1);

/** A user-facing string in every language; only `en` is required by the schema (see the checker). */
export const localText = z
  .strictObject({ en: text, de: text.optional(), pl: text.optional(), ro: text.optional() })
  .meta({ id: 'LocalText', description: 'The same text in en, de, pl and ro (Markdown allowed)' });
export type LocalText = z.infer<typeof localText>;

const common = { text: localText, image: z.url().optional() };

/**
 * Phrases per language. A word ending in `*` matches any ending ("hasł*" matches "hasło" and
 * "hasła"); case and accents are ignored.
 */
export const localPhrases = z
  .strictObject({
    en: z.array(text).min(1),
    de: z.array(text).min(1).optional(),
    pl: z.array(text).min(1).optional(),
    ro: z.array(text).min(1).optional(),
  })
  .meta({
    id: 'LocalPhrases',
    description: 'Phrases in en, de, pl and ro; a word may end in * (any ending)',
  });
export type LocalPhrases = z.infer<typeof localPhrases>;

const choiceOption = z.strictObject({
  value: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'option values are kebab-case'),
  label: localText,
  synonyms: localPhrases
    .optional()
    .describe('Other ways users answer with this option ("suddenly", "od wczoraj"); matched like the label'),
  prefill: localPhrases
    .optional()
    .describe(
      'Phrases that, found in what the user already wrote (the problem or an earlier answer), pick this option without asking',
    ),
  next: nodeId.optional(),
});

const textValidation = z.strictObject({
  minLength: z.int().min(0).optional(),
  maxLength: z.int().min(1).optional(),
});
const numberValidation = z.strictObject({ min: z.number().optional(), max: z.number().optional() });

const questionBase = { ...common, fact: factName.optional(), retry: localText.optional() };

const choiceQuestion = z.strictObject({
  type: z.literal('question'),
  input: z.literal('choice'),
  ...questionBase,
  options: z.array(choiceOption).min(2).max(10),
});
const yesNoQuestion = z.strictObject({
  type: z.literal('question'),
  input: z.literal('yesno'),
  ...questionBase,
  next: z.strictObject({ yes: nodeId.optional(), no: nodeId.optional() }),
});
const textQuestion = z.strictObject({
  type: z.literal('question'),
  input: z.literal('text'),
  ...questionBase,
  prefillFrom: z
    .array(factName)
    .min(1)
    .optional()
    .describe('Facts that answer this question when already known (the first one known is taken)'),
  validate: textValidation.optional(),
  next: nodeId.optional(),
});
const numberQuestion = z.strictObject({
  type: z.literal('question'),
  input: z.literal('number'),
  ...questionBase,
  validate: numberValidation.optional(),
  next: nodeId.optional(),
});

export const questionNode = z.discriminatedUnion('input', [
  choiceQuestion,
  yesNoQuestion,
  textQuestion,
  numberQuestion,
]);

const workedFailed = z.strictObject({ worked: nodeId.optional(), failed: nodeId.optional() });

const collectNode = z.strictObject({
  type: z.literal('collect'),
  fact: factName,
  ...common,
  retry: localText.optional(),
  next: nodeId.optional(),
});
const stepNode = z.strictObject({
  type: z.literal('step'),
  ...common,
  link: z.strictObject({ url: z.url(), label: localText }).optional(),
  next: workedFailed,
});
const articleNode = z.strictObject({
  type: z.literal('article'),
  article: z.string().regex(kebab, 'article ids are kebab-case'),
  next: workedFailed,
});

const condition = z
  .strictObject({
    fact: factName.optional(),
    answer: nodeId.optional(),
    equals: z.string().optional(),
    in: z.array(z.string()).min(1).optional(),
    exists: z.boolean().optional(),
  })
  .refine((c) => (c.fact === undefined) !== (c.answer === undefined), 'name exactly one of fact or answer')
  .refine(
    (c) => [c.equals, c.in, c.exists].filter((t) => t !== undefined).length === 1,
    'use exactly one test: equals, in or exists',
  );
export type Condition = z.infer<typeof condition>;

const branchNode = z.strictObject({
  type: z.literal('branch'),
  cases: z.array(z.strictObject({ when: condition, next: nodeId })).min(1),
  default: nodeId.optional(),
});

const outcomeText = localText.optional();
const resolvedNode = z.strictObject({
  type: z.literal('resolved'),
  resolution: text.describe('What fixed it, in English, for reports'),
  text: outcomeText,
});
const escalateNode = z.strictObject({
  type: z.literal('escalate'),
  category: z.string().regex(kebab),
  priority: z.enum(PRIORITIES).default('normal'),
  skills: z.array(z.string().regex(kebab)).default([]),
  text: outcomeText,
});
/**
 * A service request (access, software, equipment) rather than a fault: the ticket is of type
 * request, goes to `team`, and shows technicians the answers named in `fields` as a form.
 */
const serviceRequest = z.strictObject({
  team: z
    .string()
    .regex(kebab)
    .optional()
    .describe(
      'The team that fulfils the request (an owner in taxonomy.yaml); absent: the owner of the topic the request is for',
    ),
  fields: z
    .array(
      z.strictObject({
        label: text.describe('The field as technicians read it, in English'),
        answer: nodeId.describe('The question or collect node whose answer fills the field'),
        userLabel: localText
          .optional()
          .describe("The field in the user's language, in the summary {{request.summary}} shows them"),
      }),
    )
    .min(1)
    .max(20),
});
const ticketNode = z.strictObject({
  type: z.literal('ticket'),
  category: z.string().regex(kebab),
  priority: z.enum(PRIORITIES).default('normal'),
  request: serviceRequest.optional(),
  text: outcomeText,
});
const gotoNode = z.strictObject({ type: z.literal('goto'), flow: flowId, text: outcomeText });

/**
 * Questions share `type: question` and differ by `input`, so the top level is a union on `type`
 * whose question member is itself a union on `input`.
 */
export const flowNode = z.union([
  questionNode,
  z.discriminatedUnion('type', [
    collectNode,
    stepNode,
    articleNode,
    branchNode,
    resolvedNode,
    escalateNode,
    ticketNode,
    gotoNode,
  ]),
]);

export const flowSchema = z
  .strictObject({
    id: flowId,
    topic: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/, 'dotted kebab-case')
      .optional()
      .describe('The taxonomy topic the flow handles; required except on the request form'),
    requestForm: z
      .literal(true)
      .optional()
      .describe(
        'The generic request form: never matched itself (no topic, no triggers), it runs for every topic marked `request: true` in taxonomy.yaml that has no flow of its own',
      ),
    title: localText,
    triggers: z
      .strictObject({
        en: z.array(text).min(1),
        de: z.array(text).min(1).optional(),
        pl: z.array(text).min(1).optional(),
        ro: z.array(text).min(1).optional(),
      })
      .optional()
      .describe('Example messages the matcher starts the flow for; required except on the request form'),
    start: nodeId,
    nodes: z.record(nodeId, flowNode),
  })
  .superRefine((flow, ctx) => {
    const form = flow.requestForm === true;
    for (const key of ['topic', 'triggers'] as const) {
      if (form && flow[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `the request form has no ${key}` });
      if (!form && flow[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `a flow needs ${key}` });
    }
  })
  .describe('A FirstLine diagnostic flow (content/flows/<id>.yaml)');

export type FlowDefinition = z.infer<typeof flowSchema>;
export type FlowNode = z.infer<typeof flowNode>;
export type QuestionNode = z.infer<typeof questionNode>;
export type NodeOf<T extends FlowNode['type']> = Extract<FlowNode, { type: T }>;

/** Node types that end a flow; every path must reach one. */
export const OUTCOME_TYPES: ReadonlySet<FlowNode['type']> = new Set([
  'resolved',
  'escalate',
  'ticket',
  'goto',
]);

/** The JSON Schema published at content/flows/flow.schema.json for editors. */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(flowSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...schema,
    $id: 'https://firstline.dev/schemas/flow.schema.json',
    title: 'FirstLine diagnostic flow',
  };
}
