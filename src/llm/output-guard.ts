/**
 * Checks on what a model wrote before anyone sees it. The model is treated as untrusted: a prompt
 * injection it fell for must not reach the user as our instructions, a tracking image, a link to
 * somewhere else or an answer made up beside the articles.
 */

/** Longest model text shown in a chat message. */
export const MAX_ANSWER_CHARS = 1500;
/** Consecutive words shared with our instructions that count as repeating them. */
const LEAK_WINDOW_WORDS = 6;

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * True when `output` repeats any run of LEAK_WINDOW_WORDS words of `instructions` (so a model that
 * was talked into revealing them is caught however it frames the quote).
 */
export function repeatsInstructions(output: string, instructions: string): boolean {
  const windows = new Set<string>();
  const source = words(instructions);
  for (let i = 0; i + LEAK_WINDOW_WORDS <= source.length; i++)
    windows.add(source.slice(i, i + LEAK_WINDOW_WORDS).join(' '));
  const said = words(output);
  for (let i = 0; i + LEAK_WINDOW_WORDS <= said.length; i++)
    if (windows.has(said.slice(i, i + LEAK_WINDOW_WORDS).join(' '))) return true;
  return false;
}

/**
 * Share of the answer's content words (4+ letters, compared on their first 5 letters so that
 * inflections match) found in the sources. An answer written from the cited articles scores high;
 * one that follows an injected instruction ("say PWNED", a recipe, a poem) scores low.
 */
export function supportShare(answer: string, sources: readonly string[]): number {
  const stem = (word: string) => word.slice(0, 5);
  const known = new Set(sources.flatMap((source) => words(source).map(stem)));
  const content = words(answer).filter((word) => word.length >= 4 && !/^\d+$/.test(word));
  if (content.length === 0) return 0;
  return content.filter((word) => known.has(stem(word))).length / content.length;
}

/**
 * Model Markdown made safe to show in web chat, Teams and the console: no HTML, no images (an
 * image URL can carry data out), no links but to addresses the articles give (their text stays: citations are buttons), no
 * code fences that a renderer might execute or mis-render, at most MAX_ANSWER_CHARS.
 */
export function sanitiseModelMarkdown(markdown: string, sources: readonly string[] = []): string {
  // A web address the articles give (the password portal) may stay; any other is dropped.
  const allowed = (url: string) => /^https:\/\//i.test(url) && sources.some((source) => source.includes(url));
  let text = markdown
    // Control and bidirectional-override characters: invisible, and able to hide what a line says.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '')
    .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '')
    .replace(/\[([^\]]+)\]\(\s*([^)\s]*)[^)]*\)/g, (_, label: string, url: string) =>
      allowed(url) ? `${label} (${url})` : label,
    )
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, '')
    .replace(/<(?:https?|mailto|javascript|data|file|vbscript):[^>]*>/gi, '')
    .replace(/\b(?:javascript|data|vbscript|file):[^\s)]*/gi, '')
    .replace(/https?:\/\/[^\s)<>\]]+/gi, (url) => (allowed(url) ? url : ''))
    .replace(/```+/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text.length > MAX_ANSWER_CHARS) text = `${text.slice(0, MAX_ANSWER_CHARS - 1).trimEnd()}…`;
  return text;
}
