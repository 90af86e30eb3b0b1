import type { Lang } from '../../i18n/languages';
import { shippedWordLists, type WordLists } from '../../words';
import { foldedTokens } from './normalize';
import { phrasesPattern } from './phrase-pattern';
import type { MatchDocument } from './types';

/**
 * How much a message's kind (asking for something vs reporting a fault) moves a document's score,
 * at most: a document whose examples are all of the message's kind gains this share, one whose
 * examples are all of the other kind loses it. "I need webcams for the meeting room" and "my
 * webcam is black" share their content words; only the kind of sentence tells the equipment
 * request from the camera fault, and one topic of each such pair is written in each kind.
 */
export const REQUEST_KIND_WEIGHT = 0.25;

/** What a text asks: for something (a service request), about something broken, or neither. */
export interface TextKind {
  readonly request: boolean;
  readonly fault: boolean;
}

/**
 * Request and fault phrases per language (content/words, `matching`), and each document's lean
 * between them learnt from its own examples: no topic is labelled, so an organisation's own
 * articles get the same treatment from the way their example questions are written.
 */
export class RequestCues {
  private readonly patterns = new Map<string, { request?: RegExp; fault?: RegExp }>();
  /**
   * The last text read: a flow asks whether a message reports a fault and then has the matcher
   * rank that same message, which reads its kind again; the second read is free.
   */
  private last?: { text: string; lang: Lang; kind: TextKind };

  constructor(lists: WordLists = shippedWordLists()) {
    for (const [lang, words] of Object.entries(lists))
      this.patterns.set(lang, {
        request: phrasesPattern(words.matching.request),
        fault: phrasesPattern(words.matching.fault),
      });
  }

  kind(text: string, lang: Lang): TextKind {
    const last = this.last;
    if (last && last.text === text && last.lang === lang) return last.kind;
    const kind = this.read(text, lang);
    this.last = { text, lang, kind };
    return kind;
  }

  private read(text: string, lang: Lang): TextKind {
    const patterns = this.patterns.get(lang);
    if (!patterns) return { request: false, fault: false };
    const words = foldedTokens(withoutQuotes(text)).words.join(' ');
    return {
      request: patterns.request?.test(words) ?? false,
      fault: patterns.fault?.test(words) ?? false,
    };
  }

  /**
   * Per document: share of its examples that ask for something minus the share that report a
   * fault, in [-1, 1]; 0 for documents without examples.
   */
  leanings(docs: readonly MatchDocument[]): Float32Array {
    const lean = new Float32Array(docs.length);
    docs.forEach((doc, d) => {
      if (doc.examples.length === 0) return;
      let sum = 0;
      for (const example of doc.examples) {
        const kind = this.read(example, doc.language);
        sum += (kind.request ? 1 : 0) - (kind.fault ? 1 : 0);
      }
      lean[d] = sum / doc.examples.length;
    });
    return lean;
  }
}

/**
 * Quoted text is what a program said ("Contact your administrator to request access"): its words
 * tell nothing about whether the user asks for something or reports a fault.
 */
const QUOTED = /"[^"\n]*"|[„“”][^„“”\n]*[“”]|«[^»\n]*»|(?<![\p{L}\p{N}])'[^'\n]{6,}'(?![\p{L}\p{N}])/gu;

function withoutQuotes(text: string): string {
  return text.replace(QUOTED, ' ');
}

/**
 * The factor for a document's score given the message's kind: a plain request favours documents
 * whose examples are requests, a plain fault report those whose examples are faults; a message
 * that is both or neither changes nothing.
 */
export function kindFactor(kind: TextKind, lean: number): number {
  if (kind.request === kind.fault) return 1;
  return 1 + REQUEST_KIND_WEIGHT * (kind.request ? lean : -lean);
}
