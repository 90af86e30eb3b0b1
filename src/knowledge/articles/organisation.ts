import { z } from 'zod';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import type { KbProblem } from './types';
import { readYamlFile } from './yaml-file';

/** The only placeholder keys articles may use; see docs/authoring-knowledge.md. */
export const ORG_KEYS = [
  'name',
  'passwordPortalUrl',
  'mfaSetupUrl',
  'vpnClientName',
  'vpnServer',
  'serviceDeskPhone',
  'serviceDeskEmail',
  'serviceDeskHours',
  'serviceDeskLocation',
  'securityEmail',
  'softwarePortalUrl',
  'guestWifiName',
  'corporateWifiName',
  'printerPortalUrl',
  'sharedDrivePath',
  'selfServiceUrl',
] as const;
export type OrgKey = (typeof ORG_KEYS)[number];
/** A value is one string for every language (URLs, names) or one per language (phrases). */
export type OrgValue = string | Record<Lang, string>;
export type OrgValues = Record<OrgKey, OrgValue>;

const scalar = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1));
const perLanguage = z.strictObject(
  Object.fromEntries(LANGUAGES.map((lang) => [lang, scalar])) as Record<Lang, typeof scalar>,
);
const value = z.union([scalar, perLanguage]);
export const organisationSchema = z.strictObject(
  Object.fromEntries(ORG_KEYS.map((key) => [key, value])) as Record<OrgKey, typeof value>,
);

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function loadOrganisation(file: string): { values?: OrgValues; problems: KbProblem[] } {
  const read = readYamlFile(file, 'organisation');
  if (read.problems.length > 0) return { problems: read.problems };
  const parsed = organisationSchema.safeParse(read.value);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        file,
        line: read.keyLines?.[String(issue.path[0])] ?? 1,
        severity: 'error',
        code: 'organisation',
        message: `${issue.path.join('.') || '(root)'}: ${issue.message}`,
      })),
    };
  }
  return { values: parsed.data, problems: [] };
}

export interface RenderResult {
  text: string;
  /** Placeholders that are not `org.<known key>`, as written (without braces). */
  unknown: string[];
}

/**
 * Replaces `{{org.key}}` with the organisation's value. Unknown keys stay in the text so a
 * mistake is visible rather than silently blank; the caller reports them.
 */
export function renderPlaceholders(text: string, values: OrgValues | undefined, lang: Lang): RenderResult {
  const unknown: string[] = [];
  const rendered = text.replace(PLACEHOLDER, (whole, name: string) => {
    const key = name.startsWith('org.') ? name.slice(4) : undefined;
    if (key === undefined || !(ORG_KEYS as readonly string[]).includes(key)) {
      unknown.push(name);
      return whole;
    }
    const found = values?.[key as OrgKey];
    if (found === undefined) return whole;
    return typeof found === 'string' ? found : found[lang];
  });
  return { text: rendered, unknown };
}
