export { CHOICE_VALUE_KEY, type ChoiceMeaning, type ChoiceOption, type ChoiceQuestion } from './choice-types';
export { recogniseChoice, submittedChoice, tokens } from './recognise-choice';
export { renderChoice, supportsCards, type RenderOptions } from './render-choice';
