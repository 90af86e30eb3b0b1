export { ContentSource, contentPathsOf } from './content-source';
export {
  loadContent,
  loadMessageCatalogue,
  loadSynonyms,
  loadTaxonomyAndOrganisation,
  type Content,
  type LoadedContent,
} from './load-content';
export {
  contentKind,
  contentPathsFromEnv,
  defaultContentPaths,
  loadKind,
  perLanguageFiles,
  yamlFilesIn,
  byLanguage,
  type ContentKind,
  type ContentPaths,
  type LoadedFile,
} from './content-kind';
export { checkCatalogueFiles } from './catalogue-check';
export { loadWords } from './load-words';
export { formatContentProblem, readYamlFile, type ContentProblem } from './yaml-file';
