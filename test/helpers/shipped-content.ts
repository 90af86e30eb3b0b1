import path from 'node:path';
import { defaultContentPaths, loadContent, type Content } from '../../src/content';

export const SHIPPED_CONTENT_DIR = path.join(__dirname, '../../content');

let shipped: Content | undefined;

/** The repository's content/ through the one content loader, as `serve` reads it (once per test file). */
export function shippedContent(): Content {
  if (shipped) return shipped;
  const { content, problems } = loadContent(defaultContentPaths(SHIPPED_CONTENT_DIR));
  if (!content) throw new Error(`shipped content is invalid: ${JSON.stringify(problems.slice(0, 5))}`);
  shipped = content;
  return content;
}

export const shippedPrivacy = (): Content['privacy'] => shippedContent().privacy;
