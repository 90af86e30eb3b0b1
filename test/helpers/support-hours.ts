import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * A copy of the shipped support.yaml (queues and routing kept) that is open around the clock, so
 * what a hand-over says never depends on the day or hour a test runs.
 */
export function alwaysOpenSupportFile(): string {
  const shipped = parse(fs.readFileSync(path.join(ROOT, 'content', 'support.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const allDay = ['00:00-24:00'];
  const support = {
    ...shipped,
    timeZone: 'UTC',
    hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    holidays: [],
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
  fs.writeFileSync(file, stringify(support));
  return file;
}
