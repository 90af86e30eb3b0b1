export {
  allLanguages,
  languageWordsSchema,
  listsForReply,
  type FrustrationLexicon,
  type LanguageWords,
  type WordLists,
} from './word-lists';
export { shippedWordLists, SHIPPED_WORDS_DIR } from './shipped-word-lists';
