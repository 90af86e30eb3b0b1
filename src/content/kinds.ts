import path from 'node:path';
import { catalogueSchema } from '../i18n/catalogue';
import { cannedRepliesSchema } from '../console/api/canned-replies';
import { smallTalkFileSchema } from '../dialogs/small-talk/small-talk-content';
import { supportConfigSchema } from '../handoff/support-config';
import { supportSlaSchema } from '../sla/sla-config';
import { organisationSchema } from '../knowledge/articles/organisation';
import { taxonomySchema } from '../knowledge/articles/taxonomy';
import { synonymFileSchema } from '../knowledge/matcher/synonyms';
import { commonWordsSchema, keywordsSchema } from '../privacy/word-lists';
import { languageWordsSchema } from '../words/word-lists';
import { gapTermsSchema } from '../gaps/gap-terms';
import { LANGUAGES } from '../i18n/languages';
import { MAIL_TEMPLATE_NAMES, mailTemplateSchema } from '../mail/templates';
import { contentKind, perLanguageFiles, yamlFilesIn } from './content-kind';

/**
 * Every YAML content kind with its files and schema. UI, flow and privacy strings share one
 * catalogue format: `<folder>/<lang>.yaml`, a flat map of keys to texts with {placeholders}. Knowledge articles (Markdown) and flows
 * have loaders of their own that load-content.ts calls with what these kinds produced.
 */
export const UI_STRINGS = contentKind({
  name: 'UI strings',
  files: perLanguageFiles('i18n'),
  schema: catalogueSchema,
});

export const FLOW_STRINGS = contentKind({
  name: 'flow strings',
  files: perLanguageFiles(path.join('flows', 'strings')),
  schema: catalogueSchema,
});

export const PRIVACY_KEYWORDS = contentKind({
  name: 'redaction keywords',
  files: ({ contentDir }) => [path.join(contentDir, 'privacy', 'keywords.yaml')],
  schema: keywordsSchema,
});

export const PRIVACY_COMMON_WORDS = contentKind({
  name: 'redaction common words',
  files: ({ contentDir }) => [path.join(contentDir, 'privacy', 'common-words.yaml')],
  schema: commonWordsSchema,
});

export const PRIVACY_MESSAGES = contentKind({
  name: 'redaction markers and notices',
  files: perLanguageFiles(path.join('privacy', 'messages')),
  schema: catalogueSchema,
});

export const SYNONYMS = contentKind({
  name: 'matcher synonyms',
  files: yamlFilesIn('synonyms'),
  schema: synonymFileSchema,
});

export const SMALL_TALK = contentKind({
  name: 'small talk and scope',
  files: perLanguageFiles('small-talk'),
  schema: smallTalkFileSchema,
  optional: true,
});

export const SUPPORT = contentKind({
  name: 'support hours and queues',
  files: ({ supportFile }) => [supportFile],
  schema: supportConfigSchema,
  optional: true,
});

/** The `sla` section of the same file: service-level targets (src/sla owns its schema). */
export const SLA = contentKind({
  name: 'service-level targets',
  files: ({ supportFile }) => [supportFile],
  schema: supportSlaSchema,
  optional: true,
});

export const CANNED_REPLIES = contentKind({
  name: 'canned replies',
  files: ({ contentDir }) => [path.join(contentDir, 'canned-replies.yaml')],
  schema: cannedRepliesSchema,
  optional: true,
});

export const ORGANISATION = contentKind({
  name: 'organisation',
  files: ({ orgFile }) => [orgFile],
  schema: organisationSchema,
});

export const TAXONOMY = contentKind({
  name: 'taxonomy',
  files: ({ contentDir }) => [path.join(contentDir, 'taxonomy.yaml')],
  schema: taxonomySchema,
});

/** Per-language word lists (content/words/<lang>.yaml); load-words.ts checks every language has one. */
export const WORDS = contentKind({
  name: 'word lists',
  files: yamlFilesIn('words'),
  schema: languageWordsSchema,
});

/** Cross-language IT terms that group unanswered questions into knowledge gaps (src/gaps). */
export const GAP_TERMS = contentKind({
  name: 'knowledge-gap terms',
  files: ({ contentDir }) => [path.join(contentDir, 'gaps', 'terms.yaml')],
  schema: gapTermsSchema,
  optional: true,
});

/** E-mail templates, content/mail/<lang>/<template>.yaml: every template in every language. */
export const MAIL_TEMPLATES = contentKind({
  name: 'e-mail templates',
  files: ({ contentDir }) =>
    LANGUAGES.flatMap((lang) =>
      MAIL_TEMPLATE_NAMES.map((name) => path.join(contentDir, 'mail', lang, `${name}.yaml`)),
    ),
  schema: mailTemplateSchema,
});
