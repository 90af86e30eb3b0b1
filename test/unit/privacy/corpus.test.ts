import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { createRedactor, SECRET_KINDS, type RedactionFinding, type SecretKind } from '../../../src/privacy';
import { LANGUAGES } from '../../../src/i18n/languages';
import { shippedPrivacy } from '../../helpers/shipped-content';

const caseSchema = z.object({
  lang: z.enum(LANGUAGES),
  text: z.string().min(1),
  secrets: z.array(z.tuple([z.enum(SECRET_KINDS), z.string().min(1)])),
});
const loadCases = (file: string) =>
  z
    .array(caseSchema)
    .parse(YAML.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/redaction', file), 'utf8')));
const cases = loadCases('cases.yaml');

interface Score {
  expected: number;
  found: number;
  rightKind: number;
}

function covering(findings: RedactionFinding[], text: string, secret: string): RedactionFinding | undefined {
  const start = text.indexOf(secret);
  return findings.find((f) => f.start <= start && f.end >= start + secret.length);
}

function evaluate(set: z.infer<typeof caseSchema>[]) {
  const redactor = createRedactor(shippedPrivacy());
  const scores = new Map<SecretKind, Score>(
    SECRET_KINDS.map((k) => [k, { expected: 0, found: 0, rightKind: 0 }]),
  );
  const misses: string[] = [];
  const falsePositives: string[] = [];
  const extras: string[] = [];
  let benign = 0;

  for (const c of set) {
    const result = redactor.redact(c.text);
    if (c.secrets.length === 0) {
      benign++;
      if (result.findings.length > 0) falsePositives.push(`[${c.lang}] ${c.text} => ${result.text}`);
      continue;
    }
    for (const [kind, secret] of c.secrets) {
      const score = scores.get(kind)!;
      score.expected++;
      const finding = covering(result.findings, c.text, secret);
      if (finding && !result.text.includes(secret)) {
        score.found++;
        if (finding.kind === kind) score.rightKind++;
      } else {
        misses.push(`[${c.lang}] ${kind} "${secret}" in: ${c.text} => ${result.text}`);
      }
    }
    // Anything removed beyond the labelled secrets is over-redaction, reported but not a failure.
    for (const f of result.findings) {
      const overlapsLabel = c.secrets.some(([, s]) => {
        const at = c.text.indexOf(s);
        return f.start < at + s.length && f.end > at;
      });
      if (!overlapsLabel) extras.push(`[${c.lang}] "${c.text.slice(f.start, f.end)}" in: ${c.text}`);
    }
  }

  const total = [...scores.values()].reduce(
    (sum, s) => ({ expected: sum.expected + s.expected, found: sum.found + s.found }),
    { expected: 0, found: 0 },
  );
  return { scores, misses, falsePositives, extras, benign, total, size: set.length };
}

const recall = (s: { expected: number; found: number }) => (s.expected === 0 ? 1 : s.found / s.expected);

function report(name: string, r: ReturnType<typeof evaluate>): string {
  const { scores, misses, falsePositives, extras, benign, total } = r;
  {
    const lines = [...scores.entries()].map(
      ([kind, s]) =>
        `  ${kind.padEnd(18)} ${s.found}/${s.expected} recall ${(recall(s) * 100).toFixed(1)}% (kind right ${s.rightKind})`,
    );
    return [
      `${name}: ${r.size} cases, ${r.size - benign} with secrets, ${benign} benign`,
      ...lines,
      `  overall recall ${(recall(total) * 100).toFixed(1)}% (${total.found}/${total.expected})`,
      `  false positives ${falsePositives.length}/${benign} = ${((falsePositives.length / benign) * 100).toFixed(1)}%`,
      `  extra findings in secret cases: ${extras.length}`,
      ...misses.map((m) => `  MISS ${m}`),
      ...falsePositives.map((m) => `  FP ${m}`),
      ...extras.map((m) => `  EXTRA ${m}`),
    ].join('\n');
  }
}

describe('labelled redaction cases', () => {
  const { scores, falsePositives, benign, total } = evaluate(cases);
  const holdout = evaluate(loadCases('holdout.yaml'));
  afterAll(() => {
    console.log(report('redaction corpus (cases.yaml, used while tuning)', evaluate(cases)));
    console.log(report('hold-out (holdout.yaml, never tuned on)', holdout));
  });

  it('has at least 200 cases, about half benign, in every language', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(benign / cases.length).toBeGreaterThan(0.4);
    expect(benign / cases.length).toBeLessThan(0.6);
    for (const lang of LANGUAGES)
      expect(cases.filter((c) => c.lang === lang).length).toBeGreaterThanOrEqual(40);
  });

  it('finds at least 99% of card numbers and IBANs (checksum classes)', () => {
    for (const kind of ['card-number', 'iban'] as const) {
      expect(scores.get(kind)!.expected).toBeGreaterThanOrEqual(10);
      expect(recall(scores.get(kind)!)).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('finds at least 95% of all labelled secrets', () => {
    expect(recall(total)).toBeGreaterThanOrEqual(0.95);
  });

  it('redacts something in at most 2% of benign messages', () => {
    expect(falsePositives.length / benign).toBeLessThanOrEqual(0.02);
  });

  it('finds every checksum-verified secret in the hold-out set too', () => {
    for (const kind of ['card-number', 'iban'] as const) {
      expect(recall(holdout.scores.get(kind)!)).toBeGreaterThanOrEqual(0.99);
    }
  });
});
