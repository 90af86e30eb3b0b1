import path from 'node:path';
import { Catalogue } from '../../i18n/catalogue';
import type { FlowProblem } from './flow-problems';

/**
 * The flow engine's own messages: a message catalogue like the UI strings
 * (content/flows/strings/<lang>.yaml), read by the content loader at start-up.
 */
export type FlowStrings = Catalogue;

/** The folder of the flows' message catalogue, inside the flows folder. */
export const STRINGS_DIR = 'strings';

/** Keys the engine uses; the check fails when one is missing, so a typo cannot reach users. */
export const REQUIRED_STRINGS = [
  'retry',
  'retry.number',
  'retry.numberAny',
  'retry.tooShort',
  'retry.tooLong',
  'yes',
  'no',
  'back.first',
  'corrected',
  'resolved',
  'escalate',
  'escalate.noContacts',
  'ticket',
  'ticket.noContacts',
  'resume.question',
  'resume.continue',
  'resume.fresh',
  'resume.freshDone',
  'frustration.empathy',
  'newProblem.question',
  'newProblem.yes',
  'newProblem.no',
  'prefill.noted',
  'switchTopic',
  'stopped',
] as const;

/**
 * Reads a flows' message catalogue on its own (`firstline flows check --strings`, tests); the
 * server gets it from the content loader, which also names the line of each problem.
 */
export function checkFlowStrings(dir: string): { strings?: FlowStrings; problems: FlowProblem[] } {
  const problem = (file: string, message: string): FlowProblem => ({
    file,
    line: 1,
    severity: 'error',
    code: 'strings',
    message,
  });
  const { catalogue, problems } = Catalogue.check(dir);
  const found = problems.map((p) => problem(p.file, p.problem));
  for (const key of REQUIRED_STRINGS) {
    if (catalogue && !catalogue.has(key))
      found.push(problem(path.join(dir, 'en.yaml'), `missing key "${key}"`));
  }
  return found.length > 0 ? { problems: found } : { strings: catalogue, problems: [] };
}
