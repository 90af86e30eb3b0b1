/** The parts of an article body, with 1-based line numbers in the whole file. */
export interface BodySections {
  summary: string;
  summaryLine: number;
  /** Undefined when there is no `## Steps` heading. */
  stepsHeadingLine?: number;
  steps: { text: string; line: number }[];
  closing?: string;
  closingLine?: number;
}

const STEPS_HEADING = /^##\s+Steps\s*$/;
const H2 = /^##\s+\S/;
const LIST_ITEM = /^\s{0,3}(\d{1,3})[.)](?:\s+(.*))?$/;

/**
 * Splits the Markdown after the front matter. `## Steps` is a structural marker in every
 * language; each numbered item under it is one step, and continuation lines (indented text,
 * nested bullets) belong to the step above them.
 */
export function splitBody(body: string, firstLine: number): BodySections {
  const lines = body.split('\n');
  const stepsAt = lines.findIndex((line) => STEPS_HEADING.test(line));
  const summaryEnd = stepsAt === -1 ? lines.length : stepsAt;
  const summary = sliceText(lines, 0, summaryEnd);
  const sections: BodySections = {
    summary: summary.text,
    summaryLine: firstLine + summary.start,
    steps: [],
  };
  if (stepsAt === -1) return sections;
  sections.stepsHeadingLine = firstLine + stepsAt;

  let index = stepsAt + 1;
  let current: { parts: string[]; line: number } | undefined;
  const flush = (): void => {
    if (current) sections.steps.push({ text: current.parts.join('\n').trim(), line: current.line });
    current = undefined;
  };
  for (; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (H2.test(line)) break;
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      current = { parts: [item[2] ?? ''], line: firstLine + index };
    } else if (current && line.trim() !== '') {
      current.parts.push(line.replace(/^\s{1,4}/, ''));
    } else if (current) {
      current.parts.push('');
    }
  }
  flush();
  if (index < lines.length) {
    // Keep the closing section's own heading out: it is shown under a localised UI label.
    const closing = sliceText(lines, index + 1, lines.length);
    if (closing.text !== '') {
      sections.closing = closing.text;
      sections.closingLine = firstLine + closing.start;
    }
  }
  return sections;
}

function sliceText(lines: string[], from: number, to: number): { text: string; start: number } {
  let start = from;
  while (start < to && (lines[start] ?? '').trim() === '') start++;
  return { text: lines.slice(start, to).join('\n').trim(), start };
}
