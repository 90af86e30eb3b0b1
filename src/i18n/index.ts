export { LANGUAGES, isLang, type Lang } from './languages';
export { Catalogue, type Messages, type Vars, type CatalogueProblem } from './catalogue';
export { detectLanguage } from './detect-language';
export { namesLanguage, requestedLanguage, foldText } from './language-names';
