import type { WeeklyDigest } from './weekly-digest';

function percent(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)} %`;
}

function signed(value: number | null, unit: string): string {
  if (value === null) return '';
  return `${value > 0 ? '+' : ''}${value}${unit}`;
}

const RATES = new Set(['botResolutionRate', 'handoverRate', 'abandonmentRate']);

/** The lines of the digest, shared by the plain text and the HTML of the e-mail. */
export function digestSections(digest: WeeklyDigest): { title: string; lines: string[] }[] {
  const changes = digest.changes.map((c) => {
    const rate = RATES.has(c.metric);
    const now = rate ? percent(c.now) : String(c.now ?? '–');
    const delta = signed(c.delta, rate ? ' pts' : '');
    return `${c.label}: ${now}${delta ? ` (${delta}, ${c.direction === 'same' ? 'unchanged' : c.direction})` : ''}`;
  });
  return [
    { title: 'What changed since last week', lines: changes },
    {
      title: 'Top knowledge gaps',
      lines: digest.gaps.map(
        (g) =>
          `${g.terms.slice(0, 4).join(', ')}: ${g.cases} questions (${signed(g.trend, '') || '±0'})${g.example ? ` – "${g.example}"` : ''}`,
      ),
    },
    {
      title: 'Articles users were escalated after',
      lines: digest.worstArticles.map(
        (a) => `${a.articleId}: ${a.escalatedAfter} of ${a.views} views escalated, ${a.helped} helped`,
      ),
    },
    {
      title: 'Flow steps where users fail or drop out',
      lines: digest.worstFlowSteps.map(
        (s) => `${s.flowId} › ${s.nodeId}: ${s.failed} failed, ${s.droppedHere} dropped out of ${s.reached}`,
      ),
    },
    {
      title: 'Incidents',
      lines: digest.incidents.map((i) => `${i.number} ${i.title} (${i.status})`),
    },
    {
      title: 'Negative feedback by topic',
      lines: digest.feedbackByTopic.map((f) => `${f.topic}: ${f.count}`),
    },
  ];
}

/** The e-mail to leads: plain text with an HTML alternative, nothing but the digest's own figures. */
export function digestMail(
  digest: WeeklyDigest,
  consoleUrl?: string,
): { subject: string; text: string; html: string } {
  const sections = digestSections(digest);
  const link = consoleUrl
    ? `${consoleUrl.replace(/\/$/, '')}/console#/digest?week=${digest.week}`
    : undefined;
  const text = [
    `FirstLine weekly improvement digest, week of ${digest.week}`,
    '',
    ...sections.flatMap((s) => [
      s.title,
      ...(s.lines.length ? s.lines.map((l) => `- ${l}`) : ['- none']),
      '',
    ]),
    ...(link ? [`In the console: ${link}`] : []),
  ].join('\n');
  const escape = (value: string) =>
    value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  const html = [
    `<h1>FirstLine weekly improvement digest, week of ${escape(digest.week)}</h1>`,
    ...sections.map(
      (s) =>
        `<h2>${escape(s.title)}</h2><ul>${(s.lines.length ? s.lines : ['none']).map((l) => `<li>${escape(l)}</li>`).join('')}</ul>`,
    ),
    ...(link ? [`<p><a href="${escape(link)}">Open it in the console</a></p>`] : []),
  ].join('\n');
  return { subject: `FirstLine weekly digest: week of ${digest.week}`, text, html };
}
