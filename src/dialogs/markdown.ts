/**
 * Article Markdown as a chat message. Links to other articles (`kb:id`) mean nothing to a chat
 * client, so only their text stays; web links are kept.
 */
export function chatMarkdown(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\(kb:[^)\s]*\)/g, '$1').trim();
}
