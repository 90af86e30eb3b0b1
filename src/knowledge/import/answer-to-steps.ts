/** An answer split into the article's parts. */
export interface SplitAnswer {
  summary: string;
  steps: string[];
  closing?: string;
  /** True when the answer had a numbered list; false means the whole answer became one step. */
  numbered: boolean;
}

const NUMBERED = /^\s{0,3}(\d{1,3})[.)]\s+(.*)$/;

/**
 * Splits answer text (Markdown or plain) at its first numbered list: text before it is the
 * summary, each item is a step, text after it is the closing. Without a list, the whole
 * answer is one step: the bot can still show it and ask whether it worked.
 */
export function splitAnswer(answer: string): SplitAnswer {
  // Headings inside an answer would break the article's structure, so they become bold lines.
  const lines = answer
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^#{1,6}\s+(.+?)\s*#*\s*$/, '**$1**'));
  const first = lines.findIndex((line) => NUMBERED.test(line));
  if (first === -1) {
    return { summary: '', steps: [answer.trim()].filter((step) => step !== ''), numbered: false };
  }
  const steps: string[] = [];
  let index = first;
  let previousBlank = false;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const item = NUMBERED.exec(line);
    if (item) {
      steps.push(item[2] ?? '');
    } else if (line.trim() === '') {
      previousBlank = true;
      continue;
    } else if (previousBlank && !/^\s/.test(line)) {
      break; // an unindented paragraph after a blank line ends the list
    } else {
      steps[steps.length - 1] = `${steps[steps.length - 1] ?? ''}\n${line.trim()}`;
    }
    previousBlank = false;
  }
  const closing = lines.slice(index).join('\n').trim();
  return {
    summary: lines.slice(0, first).join('\n').trim(),
    steps: steps.map((step) => step.trim()).filter((step) => step !== ''),
    closing: closing === '' ? undefined : closing,
    numbered: true,
  };
}
