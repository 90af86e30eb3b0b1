import { isLang, type Lang } from '../../i18n/languages';

export interface PageValues {
  lang: Lang;
  title: string;
  botName: string;
  logoUrl?: string;
  embed: boolean;
  assetVersions: { webChat: string; appJs: string; appCss: string; sessionJs: string };
}

/** Fills the page's `{{placeholders}}`; every value is HTML-escaped. */
export function renderChatPage(template: string, values: PageValues): string {
  const fields: Record<string, string> = {
    lang: values.lang,
    title: values.title,
    botName: values.botName,
    logoUrl: values.logoUrl ?? '',
    logoHidden: values.logoUrl ? '' : 'hidden',
    bodyClass: values.embed ? 'fl-embed' : 'fl-full',
    webChatVersion: values.assetVersions.webChat,
    appJsVersion: values.assetVersions.appJs,
    sessionJsVersion: values.assetVersions.sessionJs,
    appCssVersion: values.assetVersions.appCss,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in fields ? escapeHtml(fields[name] ?? '') : whole,
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The page's `lang` attribute: the browser's first supported language, else the default. */
export function pickPageLanguage(acceptLanguage: string | undefined, fallback: Lang): Lang {
  if (!acceptLanguage) return fallback;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const match = ranked.map((entry) => entry.base).find(isLang);
  return match ?? fallback;
}
