/*
 * What people call their operating system and device, in en, de, pl and ro. Patterns run on
 * folded text (lower case, no diacritics) and use stems, since Polish and Romanian inflect nouns
 * ("laptopa", "laptopul", "na macu"). Order matters only within one fact: the earliest mention wins.
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

export const DEVICE_PATTERNS: FactPattern[] = [
  { value: 'mac', pattern: /\b(?:macbook\w*|imac\w*|mac\s?mini)\b/, implies: { os: 'macos' } },
  { value: 'phone', pattern: /\biphone\w*\b/, implies: { os: 'ios' } },
  { value: 'tablet', pattern: /\bipad\w*\b/, implies: { os: 'ios' } },
  {
    value: 'laptop',
    pattern: /\b(?:laptop\w*|notebook\w*|thinkpad\w*|surface (?:laptop|pro)|elitebook\w*|latitude)\b/,
  },
  {
    value: 'desktop',
    pattern:
      /\b(?:desktop\w*|workstation\w*|stand-?(?:rechner|pc)\w*|tower-?pc|(?:komputer\w* )?stacjonarn\w*|calculator\w* (?:fix|desktop))\b/,
  },
  {
    value: 'phone',
    pattern:
      /\b(?:phone|smartphone\w*|mobile phone|cell ?phone|handy|mobiltelefon(?!isch)\w*|telefon(?!isch)\w*|komork\w*|smartfon\w*)\b/,
  },
  { value: 'tablet', pattern: /\b(?:tablet\w*|tableta\w*)\b/ },
  { value: 'printer', pattern: /\b(?:printer\w*|drucker\w*|drukark\w*|imprimant\w*)\b/ },
];

/*
 * Urgency, checked in this order so that "not urgent" is low rather than urgent.
 */
export const URGENCY_PATTERNS: FactPattern[] = [
  {
    value: 'low',
    pattern:
      /\b(?:not urgent|no rush|no hurry|whenever you (?:can|have time)|when you have time|nicht (?:so )?dringend|keine eile|hat zeit|nie (?:jest )?pilne|bez pospiechu|nie spieszy|nu (?:e|este) urgent|nu ma grabesc|cand aveti timp)\b/,
  },
  {
    value: 'urgent',
    pattern:
      /\b(?:urgent\w*|asap|emergency|immediately|right now|critical|dringend\w*|sofort|notfall|eilig|pilne|pilnie|pilny|pilna|natychmiast\w*|urgenta|urgent[ae]?|imediat|cat mai repede)\b/,
  },
  {
    value: 'high',
    pattern:
      /\b(?:important|deadline|(?:can ?not|cant|unable to) work|wichtig|kann nicht arbeiten|frist|wazne|wazny|nie moge pracowac|nu pot (?:sa )?lucra|important[ae]?)\b/,
  },
];
