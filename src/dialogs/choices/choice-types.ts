/** What an option means when the user answers with a word rather than the option's label. */
export type ChoiceMeaning = 'yes' | 'no' | 'stop' | 'none';

export interface ChoiceOption {
  /** Sent back by card buttons and returned by the recogniser; stable across languages. */
  value: string;
  /** Shown to the user, in their language. */
  label: string;
  meaning?: ChoiceMeaning;
  /** Other ways to say this option, matched like the label. */
  synonyms?: string[];
  /**
   * Phrases that name this option in what the user wrote before the question was asked
   * (`mentionedChoice`); a word ending in `*` matches any ending.
   */
  mentions?: string[];
}

export interface ChoiceQuestion {
  question: string;
  options: ChoiceOption[];
  /** Markdown shown before the question, e.g. the step the question is about. */
  lead?: string;
}

/** The key card buttons put in `activity.value`. */
export const CHOICE_VALUE_KEY = 'firstlineChoice';

/** The key card buttons put the option's label under, so a click reads as what the user chose. */
export const CHOICE_LABEL_KEY = 'firstlineLabel';
