/**
 * Words that would tell a user or technician that a language model is (or could be) involved, in
 * en/de/pl/ro: none may show when no model is configured.
 */
const WORDS =
  /language model|sprachmodell|model\w* językow|model\w* lingvistic|künstliche intelligenz|sztuczn\w* inteligencj|inteligen\w* artificial|openai|chatgpt|\(translated\)/i;
/** Abbreviations, case-sensitive ("ai" is a Romanian word). */
const ABBREVIATIONS = /\b(AI|KI|LLM|GPT|IA|SI)\b/;

/** The model wording found in a text, if any. */
export function modelWordingIn(text: string): string | undefined {
  return (WORDS.exec(text) ?? ABBREVIATIONS.exec(text))?.[0];
}
