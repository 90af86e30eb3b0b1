import type { MatchDocument } from '../matcher';
import type { Article } from './types';

/** What the matcher indexes for an article: its examples, tags, title and plain body text. */
export function toMatchDocument(article: Article): MatchDocument {
  return {
    kind: 'article',
    id: article.id,
    topic: article.topic,
    title: article.title,
    language: article.language,
    examples: article.examples,
    tags: article.tags,
    body: [article.summary, ...article.steps].map(plainText).join('\n'),
  };
}

/** Drops Markdown syntax (link targets, emphasis) so URLs do not become search terms. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]{1,3}([^*_`]+)[*_`]{1,3}/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
