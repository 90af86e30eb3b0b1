/**
 * What the user wrote themselves in a message that also carries pasted machine output (an event
 * log, a stack trace, a console dump): the matcher reads a question's first words only, so forty
 * lines of "12:00:01 Application Error 1000 ... ntdll.dll" after "Outlook keeps crashing, here is
 * the log:" would drown the question. The whole text stays the problem's description (the ticket
 * and the facts, such as error codes, read it); only the matching uses the user's own lines.
 */

/** Fewer pasted lines than this are part of the description ("it says: 0x80070643"). */
const MIN_PASTED_LINES = 3;
/**
 * How machine output starts a line: a time to the second or a date (optionally in brackets), a log
 * level or a [tag] ("ERROR: ...", "[main] ..."), a stack frame ("at Foo.bar (...)"). People do not
 * start their sentences so, so such a line is output whatever follows.
 */
const MACHINE_STARTS: readonly RegExp[] = [
  /^\s*\[?(?:\d{1,2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}\s+\d{1,2}:\d{2})/,
  /^\s*(?:(?:ERROR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL)\b|\[[^\]]*\])/,
  /^\s*at\s+\S+\s*\(/,
];
/**
 * Marks of output anywhere in a line: a time to the second or a date, a hex number, a path, a file
 * name with an extension. A user's own sentence may hold one too ("since 9:30 this morning Outlook
 * shows error 0x800CCC0E"), so a line that reads as a sentence is kept all the same.
 */
const MACHINE_MARKS: readonly RegExp[] = [
  /\b\d{1,2}:\d{2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b/,
  /\b0x[0-9a-f]{4,}\b/i,
  /[\\/][\w.-]+[\\/]/,
  /\b[\w-]+\.(?:exe|dll|sys|log|js|ts|py|java|cs|json|xml)\b/i,
];
/** Share of words with digits or symbols from which a line is machine output without a mark. */
const SYMBOL_SHARE = 0.5;
/**
 * A sentence: at least this many plain words (letters only, sentence punctuation after them)...
 * Output's words are mostly values, and its "name: value" pairs do not count as plain words.
 */
const SENTENCE_MIN_WORDS = 4;
/** ...and at least this share of its words plain. */
const SENTENCE_SHARE = 0.6;

function readsAsSentence(words: readonly string[]): boolean {
  const plain = words.filter(
    (w, i) =>
      /^["'(„“]?\p{L}[\p{L}'’-]*[)"'”]?[.,;!?]*$/u.test(w) ||
      (i === words.length - 1 && /^\p{L}+:$/u.test(w)),
  ).length;
  return plain >= SENTENCE_MIN_WORDS && plain / words.length >= SENTENCE_SHARE;
}

function isMachineLine(line: string): boolean {
  if (MACHINE_STARTS.some((start) => start.test(line))) return true;
  const words = line.split(/\s+/).filter(Boolean);
  if (MACHINE_MARKS.some((mark) => mark.test(line))) return !readsAsSentence(words);
  if (words.length < 3) return false;
  const odd = words.filter((w) => /[\d_=<>{}[\]|#@$%^&*\\/]/.test(w)).length;
  return odd / words.length >= SYMBOL_SHARE;
}

/**
 * The user's own lines when at least `MIN_PASTED_LINES` lines are machine output, else the text
 * unchanged (also when nothing but machine output is left: then the output is all there is).
 */
export function ownWords(text: string): string {
  const lines = text.split(/\r?\n/);
  if (lines.length <= MIN_PASTED_LINES) return text;
  const machine = lines.map(isMachineLine);
  if (machine.filter(Boolean).length < MIN_PASTED_LINES) return text;
  const own = lines.filter((line, i) => !machine[i] && line.trim().length > 0).join('\n');
  return /\p{L}/u.test(own) ? own : text;
}
