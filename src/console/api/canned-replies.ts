import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../i18n/languages';

const perLanguage = z.object(
  Object.fromEntries(LANGUAGES.map((l) => [l, z.string().min(1)])) as Record<Lang, z.ZodString>,
);

export const cannedRepliesSchema = z.object({
  replies: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case words with dashes'),
        title: perLanguage,
        text: perLanguage,
      }),
    )
    .min(1),
});

export interface CannedReply {
  id: string;
  language: Lang;
  title: string;
  text: string;
}

/**
 * Ready-made answers technicians send often, in every language (content/canned-replies.yaml).
 * Read at start-up; a broken file stops start-up like any other broken content.
 */
export type CannedReplyEntries = z.infer<typeof cannedRepliesSchema>['replies'];

/**
 * Ready-made answers technicians send often, in every language (content/canned-replies.yaml,
 * read and checked by the content loader: ids unique, every language present).
 */
export class CannedReplies {
  constructor(private readonly replies: CannedReplyEntries) {}

  list(languages: readonly Lang[]): CannedReply[] {
    return this.replies.flatMap((reply) =>
      languages.map((language) => ({
        id: reply.id,
        language,
        title: reply.title[language],
        text: reply.text[language],
      })),
    );
  }
}
