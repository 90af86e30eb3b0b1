import fs from 'node:fs';
import { parse } from 'yaml';
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
export class CannedReplies {
  private constructor(private readonly replies: z.infer<typeof cannedRepliesSchema>['replies']) {}

  static load(file: string): CannedReplies {
    if (!fs.existsSync(file)) return new CannedReplies([]);
    const parsed = cannedRepliesSchema.safeParse(parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
    }
    const ids = parsed.data.replies.map((r) => r.id);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) throw new Error(`${file}: the id "${duplicate}" is used twice`);
    return new CannedReplies(parsed.data.replies);
  }

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
