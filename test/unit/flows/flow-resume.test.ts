import path from 'node:path';
import { Catalogue, type Lang } from '../../../src/i18n';
import { cameBack, resumeChoice } from '../../../src/dialogs/flows/flow-resume';
import type { FlowDialogState } from '../../../src/dialogs/flows/flow-walk';

const CONTENT = path.join(__dirname, '../../../content');
const strings = Catalogue.load(path.join(CONTENT, 'flows/strings'));
const catalogue = Catalogue.load(path.join(CONTENT, 'i18n'));

function flowState(lastActiveAt: string): FlowDialogState {
  return { at: { flowId: 'f', nodeId: 'n' }, history: [], answers: {}, reprompts: 0, lastActiveAt };
}

describe('coming back to a flow after a pause', () => {
  it('asks only after more than the resume window, and counts from each message', () => {
    const state = flowState('2031-03-03T08:00:00.000Z');
    expect(cameBack(state, new Date('2031-03-03T20:00:00.000Z'), 12)).toBe(false);
    expect(state.lastActiveAt).toBe('2031-03-03T20:00:00.000Z');
    expect(cameBack(state, new Date('2031-03-04T08:00:00.001Z'), 12)).toBe(true);
    expect(cameBack(state, new Date('2031-03-04T08:00:01.000Z'), 12)).toBe(false);
  });

  it.each<[Lang, string, 'continue' | 'fresh' | undefined]>([
    ['en', 'continue', 'continue'],
    ['en', 'start fresh', 'fresh'],
    ['de', 'neu anfangen', 'fresh'],
    ['pl', 'kontynuuj', 'continue'],
    ['ro', 'de la capăt', 'fresh'],
    ['en', 'my printer is jammed', undefined],
  ])('[%s] reads "%s"', (lang, text, expected) => {
    const state = { ...flowState('2031-03-03T08:00:00.000Z'), resuming: true };
    const ctx = { lang, strings, catalogue };
    expect(resumeChoice({ type: 'message', text }, state, ctx)).toBe(expected);
    // Either choice closes the question; anything else leaves it open (a new problem, maybe).
    expect(state.resuming).toBe(expected === undefined);
  });
});
