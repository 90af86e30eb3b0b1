import fs from 'node:fs';
import path from 'node:path';
import { MemoryStorage } from 'botbuilder';
import YAML from 'yaml';
import { z } from 'zod';
import { createRedactionPipeline, createRedactor, SECRET_KINDS, type SecretKind } from '../../../src/privacy';
import { LANGUAGES } from '../../../src/i18n/languages';
import { shippedPrivacy } from '../../helpers/shipped-content';

/**
 * The second hold-out set (holdout-2.yaml), written before the keyword-after, "typed X as the
 * password" and split-message rules and never tuned on, run through the whole pipeline (so a
 * case with `previous` exercises the split-message state). Prints recall per class and the
 * false-positive rate; the README quotes these figures.
 */
const caseSchema = z.object({
  lang: z.enum(LANGUAGES),
  previous: z.string().min(1).optional(),
  text: z.string().min(1),
  secrets: z.array(z.tuple([z.enum(SECRET_KINDS), z.string().min(1)])),
});
const cases = z
  .array(caseSchema)
  .parse(
    YAML.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/redaction/holdout-2.yaml'), 'utf8')),
  );

type Class = 'checksum: card numbers' | 'checksum: IBANs' | 'passwords in context' | 'keys and tokens';
const CLASS_OF: Partial<Record<SecretKind, Class>> = {
  'card-number': 'checksum: card numbers',
  iban: 'checksum: IBANs',
  password: 'passwords in context',
  'api-key': 'keys and tokens',
  token: 'keys and tokens',
};

interface Figures {
  recall: Map<Class, { expected: number; found: number }>;
  benign: number;
  falsePositives: string[];
  misses: string[];
}

async function measure(): Promise<Figures> {
  const redactor = createRedactor(shippedPrivacy());
  const figures: Figures = { recall: new Map(), benign: 0, falsePositives: [], misses: [] };
  for (const [i, c] of cases.entries()) {
    // A fresh conversation per case: its state holds only what `previous` left pending.
    const pipeline = createRedactionPipeline(redactor, { state: new MemoryStorage() });
    const speaker = { conversationId: `holdout-${i}`, role: 'user' as const };
    if (c.previous) await pipeline.text(c.previous, speaker);
    const result = await pipeline.text(c.text, speaker);
    if (c.secrets.length === 0) {
      figures.benign++;
      if (result.findings.length > 0) figures.falsePositives.push(`[${c.lang}] ${c.text} => ${result.text}`);
      continue;
    }
    for (const [kind, secret] of c.secrets) {
      const cls = CLASS_OF[kind] ?? 'keys and tokens';
      const score = figures.recall.get(cls) ?? { expected: 0, found: 0 };
      score.expected++;
      if (!result.text.includes(secret)) score.found++;
      else figures.misses.push(`[${c.lang}] ${kind} "${secret}" in: ${c.text}`);
      figures.recall.set(cls, score);
    }
  }
  return figures;
}

const rate = (s: { expected: number; found: number } | undefined) =>
  s && s.expected > 0 ? s.found / s.expected : 0;
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('hold-out set 2 (never tuned on)', () => {
  let figures: Figures;
  beforeAll(async () => {
    figures = await measure();
    const lines = [...figures.recall.entries()].map(
      ([cls, s]) => `  ${cls.padEnd(24)} recall ${percent(rate(s))} (${s.found}/${s.expected})`,
    );
    console.log(
      [
        `hold-out set 2: ${cases.length} cases, ${figures.benign} benign, four languages`,
        ...lines,
        `  false positives          ${percent(figures.falsePositives.length / figures.benign)} (${figures.falsePositives.length}/${figures.benign})`,
        ...figures.misses.map((m) => `  MISS ${m}`),
        ...figures.falsePositives.map((m) => `  FP ${m}`),
      ].join('\n'),
    );
  });

  it('has 100+ cases with positives per class and tricky negatives in every language', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const lang of LANGUAGES) {
      const own = cases.filter((c) => c.lang === lang);
      expect(own.filter((c) => c.secrets.length === 0).length).toBeGreaterThanOrEqual(10);
      for (const kind of ['password', 'card-number', 'iban'] as const)
        expect(own.filter((c) => c.secrets.some(([k]) => k === kind)).length).toBeGreaterThanOrEqual(2);
      expect(own.some((c) => c.previous !== undefined)).toBe(true);
    }
  });

  it('finds at least 99% of card numbers and IBANs', () => {
    expect(rate(figures.recall.get('checksum: card numbers'))).toBeGreaterThanOrEqual(0.99);
    expect(rate(figures.recall.get('checksum: IBANs'))).toBeGreaterThanOrEqual(0.99);
  });

  it('finds at least 95% of passwords in context (keyword before or after, typed as, split over two messages)', () => {
    expect(figures.recall.get('passwords in context')!.expected).toBeGreaterThanOrEqual(30);
    expect(rate(figures.recall.get('passwords in context'))).toBeGreaterThanOrEqual(0.95);
  });

  it('removes something from at most 2% of benign messages', () => {
    expect(figures.falsePositives.length / figures.benign).toBeLessThanOrEqual(0.02);
  });
});
