import path from 'node:path';
import type { ImportReport } from './draft';

/** A Markdown review checklist: printed by the CLI and saved next to the imported files. */
export function formatImportReport(report: ImportReport, outDir: string): string {
  const lines = [`# Import report`, '', `${report.written.length} article(s) written to ${outDir}.`, ''];
  if (report.review.length > 0) {
    lines.push('## Needs review', '');
    for (const item of report.review) lines.push(`- [ ] **${item.id}**: ${item.note}`);
    lines.push('');
  }
  if (report.skipped.length > 0) {
    lines.push('## Skipped', '');
    for (const item of report.skipped) lines.push(`- ${item.source}: ${item.reason}`);
    lines.push('');
  }
  if (report.written.length > 0) {
    lines.push('## Written', '');
    for (const item of report.written) lines.push(`- ${path.relative(outDir, item.file)}: ${item.title}`);
    lines.push('');
  }
  lines.push(
    'Imported articles exist in one language only. Translate each into en, de, pl and ro, then run `firstline kb check`.',
  );
  return `${lines.join('\n')}\n`;
}
