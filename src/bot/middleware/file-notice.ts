import type { Middleware, TurnContext } from 'botbuilder';
import { filesOf, formatBytes, refusedFilesOf, type FileRefusal } from '../../attachments';
import type { Catalogue, Lang } from '../../i18n';
import { turnLanguage } from '../../turn';
import { languageFromLocale } from '../turn-language';

const REFUSAL_KEYS: Record<FileRefusal['reason'], string> = {
  'unsupported-type': 'files.refused.type',
  markup: 'files.refused.type',
  'too-large': 'files.refused.tooLarge',
  'download-failed': 'files.refused.download',
  'host-not-allowed': 'files.refused.host',
};

/**
 * Tells the user, in their language, which of their files arrived and which were not kept (and
 * why), so nobody wonders whether the screenshot got through. Runs after the turn so the language
 * is known; also while a technician has the chat, since the file is for them.
 */
export function acknowledgeFiles(options: {
  catalogue: Catalogue;
  defaultLanguage: Lang;
  maxBytes: number;
}): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      await next();
      if (context.activity.type !== 'message') return;
      const stored = filesOf(context.activity);
      const refused = refusedFilesOf(context.activity);
      if (stored.length === 0 && refused.length === 0) return;
      const language = turnLanguage(
        context,
        languageFromLocale(context.activity.locale) ?? options.defaultLanguage,
      );
      const t = (key: string, vars: Record<string, string>) => options.catalogue.t(language, key, vars);
      const lines: string[] = [];
      if (stored.length > 0)
        lines.push(t('files.received', { files: stored.map((f) => quoted(f.name)).join(', ') }));
      for (const file of refused) {
        lines.push(
          t(REFUSAL_KEYS[file.reason] ?? 'files.refused.type', {
            name: quoted(file.name),
            max: formatBytes(options.maxBytes),
          }),
        );
      }
      await context.sendActivity({ type: 'message', text: lines.join('\n\n'), locale: language });
    },
  };
}

/** A user's file name inside a Markdown message: as literal text, never as a link or markup. */
function quoted(name: string): string {
  return `“${name.replace(/[\\`*_[\]()<>#!|~]/g, (c) => `\\${c}`)}”`;
}
