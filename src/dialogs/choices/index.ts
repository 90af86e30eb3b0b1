export {
  CHOICE_LABEL_KEY,
  CHOICE_VALUE_KEY,
  type ChoiceMeaning,
  type ChoiceOption,
  type ChoiceQuestion,
} from './choice-types';
export {
  clickedText,
  leadingOption,
  leadingYesNo,
  negatedStatement,
  recogniseChoice,
  submittedChoice,
  tokens,
  yesWithWhy,
} from './recognise-choice';
export { containsPhrase, mentionedChoice, phraseWords, type PhraseWord } from './key-words';
export { renderChoice, supportsCards, type RenderOptions } from './render-choice';
