import { z } from 'zod';

/** One question-and-answer pair, whatever export format it came from. */
export interface QnaRecord {
  qnaId: string;
  questions: string[];
  answer: string;
  source: string;
  metadata: { name: string; value: string }[];
  isContextOnly: boolean;
  prompts: { displayOrder: number; qnaId: string; displayText: string }[];
}

const TSV_COLUMNS = [
  'Question',
  'Answer',
  'Source',
  'Metadata',
  'SuggestedQuestions',
  'IsContextOnly',
  'Prompts',
  'QnaId',
];

/** Reads a QnA Maker / question answering export: TSV, or JSON in either generation's shape. */
export function parseQnaExport(text: string): QnaRecord[] {
  const clean = text.replace(/^\uFEFF/, '');
  return clean.trimStart().startsWith('{') || clean.trimStart().startsWith('[')
    ? parseJson(clean)
    : parseTsv(clean);
}

// ---- TSV: one row per question; rows of the same QnA share QnaId (or, if absent, the answer).

export function parseTsv(text: string): QnaRecord[] {
  const rows = splitTsv(text);
  const header = rows.shift()?.map((cell) => cell.trim()) ?? [];
  const col = (name: string): number => header.findIndex((cell) => cell.toLowerCase() === name.toLowerCase());
  if (col('Question') === -1 || col('Answer') === -1) {
    throw new Error(
      `not a QnA export: the header needs ${TSV_COLUMNS.join(', ')} (at least Question and Answer)`,
    );
  }
  const byKey = new Map<string, QnaRecord>();
  for (const row of rows) {
    if (row.every((cell) => cell.trim() === '')) continue;
    const cell = (name: string): string => {
      const index = col(name);
      return index === -1 ? '' : (row[index] ?? '').trim();
    };
    const answer = unescapeCell(cell('Answer'));
    const key = cell('QnaId') || `answer:${answer}`;
    const existing = byKey.get(key);
    const question = unescapeCell(cell('Question'));
    if (existing) {
      if (question && !existing.questions.includes(question)) existing.questions.push(question);
      continue;
    }
    byKey.set(key, {
      qnaId: cell('QnaId') || String(byKey.size + 1),
      questions: question ? [question] : [],
      answer,
      source: cell('Source'),
      metadata: parseTsvMetadata(cell('Metadata')),
      isContextOnly: cell('IsContextOnly').toLowerCase() === 'true',
      prompts: parseTsvPrompts(cell('Prompts')),
    });
  }
  return [...byKey.values()];
}

/** Splits TSV allowing Excel-style quoted cells that contain tabs, newlines and "" quotes. */
function splitTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Exports write line breaks inside answers as the two characters \n. */
function unescapeCell(value: string): string {
  return value.replace(/\\r\\n|\\n/g, '\n').replace(/\\t/g, '\t');
}

function parseTsvMetadata(value: string): QnaRecord['metadata'] {
  return value
    .split('|')
    .map((pair) => pair.split(':'))
    .filter((parts) => parts.length >= 2 && (parts[0] ?? '').trim() !== '')
    .map(([name, ...rest]) => ({ name: (name ?? '').trim(), value: rest.join(':').trim() }));
}

const promptSchema = z.object({
  displayOrder: z.coerce.number().default(0),
  qnaId: z.union([z.number(), z.string()]).optional(),
  displayText: z.string().default(''),
});

function parseTsvPrompts(value: string): QnaRecord['prompts'] {
  if (value === '' || value === '[]') return [];
  try {
    return normalisePrompts(z.array(promptSchema).parse(JSON.parse(value)));
  } catch {
    throw new Error(`invalid Prompts cell (expected a JSON array): ${value.slice(0, 80)}`);
  }
}

function normalisePrompts(prompts: z.infer<typeof promptSchema>[]): QnaRecord['prompts'] {
  return prompts
    .filter((prompt) => prompt.qnaId !== undefined)
    .map((prompt) => ({
      displayOrder: prompt.displayOrder,
      qnaId: String(prompt.qnaId),
      displayText: prompt.displayText,
    }))
    .sort((a, b) => a.displayOrder - b.displayOrder);
}

// ---- JSON: QnA Maker (`qnaDocuments` / `qnaList`, metadata as name/value list, `context`) and
// Language Studio question answering (`assets.qnas`, metadata as an object, `dialog`).

const jsonQnaSchema = z.object({
  id: z.union([z.number(), z.string()]).optional(),
  answer: z.string(),
  source: z.string().optional(),
  questions: z.array(z.string()).default([]),
  metadata: z
    .union([
      z.array(z.object({ name: z.string(), value: z.coerce.string() })),
      z.record(z.string(), z.coerce.string()),
    ])
    .optional(),
  context: z
    .object({ isContextOnly: z.boolean().optional(), prompts: z.array(promptSchema).optional() })
    .optional(),
  dialog: z
    .object({ isContextOnly: z.boolean().optional(), prompts: z.array(promptSchema).optional() })
    .optional(),
});

function parseJson(text: string): QnaRecord[] {
  const data: unknown = JSON.parse(text);
  const list = findQnaList(data);
  if (!list)
    throw new Error('not a QnA export: expected qnaDocuments, qnaList, assets.qnas or a list of QnAs');
  return list.map((raw, index) => {
    const qna = jsonQnaSchema.parse(raw);
    const metadata = Array.isArray(qna.metadata)
      ? qna.metadata
      : Object.entries(qna.metadata ?? {}).map(([name, value]) => ({ name, value }));
    const dialog = qna.dialog ?? qna.context;
    return {
      qnaId: qna.id === undefined ? String(index + 1) : String(qna.id),
      questions: qna.questions.map((q) => q.trim()).filter((q) => q !== ''),
      answer: qna.answer,
      source: qna.source ?? '',
      metadata,
      isContextOnly: dialog?.isContextOnly ?? false,
      prompts: normalisePrompts(dialog?.prompts ?? []),
    };
  });
}

function findQnaList(data: unknown): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  for (const key of ['qnaDocuments', 'qnaList', 'qnas', 'value']) {
    if (Array.isArray(record[key])) return record[key] as unknown[];
  }
  return record.assets === undefined ? undefined : findQnaList(record.assets);
}
