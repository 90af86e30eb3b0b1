import { allLanguages, type LanguageWords, type WordLists } from '../../words';

/*
 * Operating systems and devices by their names, and what people call their device and urgency
 * in their language (content/words, `facts`). Patterns run on folded text (lower case, no
 * diacritics) and use stems, since Polish and Romanian inflect nouns ("laptopa", "laptopul",
 * "na macu"). Order matters only within one fact: the earliest mention wins.
 */

export interface FactPattern {
  value: string;
  pattern: RegExp;
  /** Facts implied by this mention (an iPhone runs iOS). */
  implies?: Record<string, string>;
}

const MAC_VERSIONS = 'sonoma|sequoia|ventura|monterey|big sur|catalina|mojave|high sierra|tahoe';

export const OS_PATTERNS: FactPattern[] = [
  { value: 'windows-11', pattern: /\bwin(?:dows)?[\s-]?11\b/ },
  { value: 'windows-10', pattern: /\bwin(?:dows)?[\s-]?10\b/ },
  // "MAC address" and "Mac-Adresse" are network terms, not Apple computers.
  {
    value: 'macos',
    pattern: new RegExp(
      `\\b(?:mac\\s?os(?:\\s?x)?|os\\s?x|${MAC_VERSIONS}|macbook\\w*|imac\\w*|mac\\s?mini|mac(?:u|a|ul|ului|iem)?(?![\\s-]*(?:address|adresse|adres|adresa|filter|filtr)))\\b`,
    ),
  },
  { value: 'ios', pattern: /\b(?:ios|iphone\w*|ipad\w*)\b/ },
  { value: 'android', pattern: /\b(?:android\w*|samsung|galaxy s\d+|pixel \d+|xiaomi|huawei)\b/ },
  { value: 'linux', pattern: /\b(?:linux\w*|ubuntu|debian|fedora)\b/ },
];

/** Product names: the same in every language, and they say more than the device type. */
const PRODUCT_PATTERNS: FactPattern[] = [
  { value: 'mac', pattern: /\b(?:macbook\w*|imac\w*|mac\s?mini)\b/, implies: { os: 'macos' } },
  { value: 'phone', pattern: /\biphone\w*\b/, implies: { os: 'ios' } },
  { value: 'tablet', pattern: /\bipad\w*\b/, implies: { os: 'ios' } },
];

const DEVICE_TYPES = ['laptop', 'desktop', 'phone', 'tablet', 'printer'] as const;
const URGENCY_LEVELS = ['low', 'urgent', 'high'] as const;

/** The fact patterns of a set of word lists (content/words, `facts`), every language's words in each. */
export interface FactPatterns {
  /** Product names first, then device words; the earliest mention wins. */
  devices: FactPattern[];
  /**
   * Names holding a device word that are no device ("power bi desktop", "remote desktop",
   * "telefonisch"): blanked out before the devices are looked for.
   */
  notDevices: RegExp;
  /** Checked in this order, so that "not urgent" is low rather than urgent. */
  urgency: FactPattern[];
  /** "it says: …", "Meldung: …", "komunikat: …", "mesajul: …" up to the end of the sentence. */
  says: RegExp;
}

/** A phrase as a regular expression: a trailing `*` on a word is any ending. */
function phrasePattern(phrase: string): string {
  return phrase
    .split(' ')
    .map((word) => {
      const stem = word.endsWith('*');
      const body = (stem ? word.slice(0, -1) : word).replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      return stem ? `${body}\\w*` : body;
    })
    .join(' ');
}

/** Whole words: one of `phrases` (`flags` "g" to find every one). */
function wordsPattern(phrases: readonly string[], flags = ''): RegExp {
  // Nothing to find: a pattern that never matches.
  if (phrases.length === 0) return new RegExp('(?!)', flags);
  return new RegExp(`\\b(?:${phrases.map(phrasePattern).join('|')})\\b`, flags);
}

const compiled = new WeakMap<WordLists, FactPatterns>();

export function factPatternsOf(lists: WordLists): FactPatterns {
  let patterns = compiled.get(lists);
  if (patterns) return patterns;
  const facts = (pick: (f: LanguageWords['facts']) => readonly string[]) =>
    allLanguages(lists, (l) => pick(l.facts));
  const notDevices = facts((f) => f.notDevices);
  const lead = facts((f) => f.messageLead).map(phrasePattern);
  patterns = {
    devices: [
      ...PRODUCT_PATTERNS,
      ...DEVICE_TYPES.map((value) => ({
        value,
        pattern: wordsPattern(facts((f) => f.devices[value])),
      })),
    ],
    notDevices: wordsPattern(notDevices, 'g'),
    urgency: URGENCY_LEVELS.map((value) => ({
      value,
      pattern: wordsPattern(facts((f) => f.urgency[value])),
    })),
    says: new RegExp(
      `\\b(?:${lead.length > 0 ? lead.join('|') : '(?!)'})\\s*:\\s*([^\\n]{6,300}?)(?:[.!?](?:\\s|$)|$)`,
      'i',
    ),
  };
  compiled.set(lists, patterns);
  return patterns;
}
