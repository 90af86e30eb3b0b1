export { importQna, type QnaImportOptions } from './qna-import';
export { importMarkdownFolder, type MarkdownImportOptions } from './markdown-import';
export { parseQnaExport, type QnaRecord } from './qna-source';
export { splitAnswer, type SplitAnswer } from './answer-to-steps';
export { renderDraft, slugify, UNSORTED_TOPIC, type ArticleDraft, type ImportReport } from './draft';
export { formatImportReport } from './format-report';
