import type { Catalogue } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { WeeklyDigest } from './weekly-digest';

/** The words of the e-mail: `digest.*` of content/i18n, in the receiving lead's language. */
export interface DigestWords {
  lang: Lang;
  catalogue: Pick<Catalogue, 't'>;
}

function percent(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)} %`;
}

function signed(value: number | null): string {
  if (value === null) return '';
  return `${value > 0 ? '+' : ''}${value}`;
}

const RATES = new Set(['botResolutionRate', 'handoverRate', 'abandonmentRate']);

/** The lines of the digest, shared by the plain text and the HTML of the e-mail. */
export function digestSections(
  digest: WeeklyDigest,
  words: DigestWords,
): { title: string; lines: string[] }[] {
  const t = (key: string, vars?: Record<string, string | number>) =>
    words.catalogue.t(words.lang, `digest.${key}`, vars);
  const changes = digest.changes.map((c) => {
    const rate = RATES.has(c.metric);
    const label = t(`metric.${c.metric}`);
    const now = rate ? percent(c.now) : String(c.now ?? '–');
    const change = signed(c.delta);
    if (!change) return `${label}: ${now}`;
    const delta = rate ? t('change.points', { delta: change }) : change;
    return t('change.line', { label, now, delta, direction: t(`change.${c.direction}`) });
  });
  return [
    { title: t('section.changes'), lines: changes },
    {
      title: t('section.gaps'),
      lines: digest.gaps.map((g) => {
        const vars = {
          terms: g.terms.slice(0, 4).join(', '),
          cases: g.cases,
          trend: signed(g.trend) || '±0',
        };
        return g.example ? t('gapExample', { ...vars, example: g.example }) : t('gap', vars);
      }),
    },
    {
      title: t('section.articles'),
      lines: digest.worstArticles.map((a) =>
        t('article', { article: a.articleId, escalated: a.escalatedAfter, views: a.views, helped: a.helped }),
      ),
    },
    {
      title: t('section.flowSteps'),
      lines: digest.worstFlowSteps.map((s) =>
        t('flowStep', {
          flow: s.flowId,
          step: s.nodeId,
          failed: s.failed,
          dropped: s.droppedHere,
          reached: s.reached,
        }),
      ),
    },
    {
      title: t('section.incidents'),
      lines: digest.incidents.map((i) =>
        t('incident', { number: i.number, title: i.title, status: incidentStatus(t, i.status) }),
      ),
    },
    {
      title: t('section.feedback'),
      lines: digest.feedbackByTopic.map((f) => `${f.topic}: ${f.count}`),
    },
  ];
}

const INCIDENT_STATUSES = new Set(['suspected', 'confirmed', 'resolved', 'dismissed']);

function incidentStatus(t: (key: string) => string, status: string): string {
  return INCIDENT_STATUSES.has(status) ? t(`incidentStatus.${status}`) : status;
}

/**
 * The e-mail to a lead, in their language: plain text with an HTML alternative, nothing but the
 * digest's own figures (topics, article and flow ids stay as they are named in the content).
 */
export function digestMail(
  digest: WeeklyDigest,
  words: DigestWords,
  consoleUrl?: string,
): { subject: string; text: string; html: string } {
  const t = (key: string, vars?: Record<string, string | number>) =>
    words.catalogue.t(words.lang, `digest.${key}`, vars);
  const sections = digestSections(digest, words);
  const none = t('none');
  const link = consoleUrl
    ? `${consoleUrl.replace(/\/$/, '')}/console#/digest?week=${digest.week}`
    : undefined;
  const heading = t('heading', { week: digest.week });
  const text = [
    heading,
    '',
    ...sections.flatMap((s) => [
      s.title,
      ...(s.lines.length ? s.lines.map((l) => `- ${l}`) : [`- ${none}`]),
      '',
    ]),
    ...(link ? [t('inConsole', { link })] : []),
  ].join('\n');
  const escape = (value: string) =>
    value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  const html = [
    `<h1>${escape(heading)}</h1>`,
    ...sections.map(
      (s) =>
        `<h2>${escape(s.title)}</h2><ul>${(s.lines.length ? s.lines : [none]).map((l) => `<li>${escape(l)}</li>`).join('')}</ul>`,
    ),
    ...(link ? [`<p><a href="${escape(link)}">${escape(t('openInConsole'))}</a></p>`] : []),
  ].join('\n');
  return { subject: t('subject', { week: digest.week }), text, html };
}
