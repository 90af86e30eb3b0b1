import { openCase } from '../../../src/dialogs/case-file';
import { daysBetween, isCase, outcomeOf } from '../../../src/insights';
import { recordFields } from '../../../src/insights/case-record';
import { durationStats } from '../../../src/insights/ticket-metrics';
import type { FlowCaseFile } from '../../../src/tickets/case-file';

const NOW = new Date('2031-05-05T10:00:00Z');
const AT = NOW.toISOString();

function file(extra: Partial<FlowCaseFile> = {}): FlowCaseFile {
  return { ...openCase('en', NOW, 'vpn drops'), ...extra };
}

describe('the outcome a case file shows', () => {
  it('is open while the bot is answering, unanswered when it had nothing', () => {
    expect(outcomeOf(file())).toBe('open');
    expect(outcomeOf(file({ consecutiveMisses: 1 }))).toBe('unanswered');
    const suggested = file({
      consecutiveMisses: 1,
      suggestions: [{ articleId: 'vpn', title: 'VPN', language: 'en', confidence: 0.9, suggestedAt: AT }],
    });
    expect(outcomeOf(suggested)).toBe('open');
  });

  it('is confirmed only from the user saying it worked; hand-over and ticket win over it', () => {
    expect(outcomeOf(file({ outcome: 'resolved' }))).toBe('resolved-confirmed');
    expect(outcomeOf(file({ outcome: 'unresolved' }))).toBe('open');
    expect(outcomeOf(file({ outcome: 'handoffRequested' }))).toBe('handed-over');
    const ticket = {
      flowId: 'access-request',
      nodeId: 'open',
      category: 'access',
      priority: 'normal' as const,
      facts: {},
      at: AT,
    };
    expect(outcomeOf(file({ outcome: 'handoffRequested', ticketRequested: ticket }))).toBe('ticket');
  });

  it('counts only files that hold a problem', () => {
    expect(isCase(openCase('en', NOW))).toBe(false);
    expect(isCase(file())).toBe(true);
    expect(isCase({ ...openCase('en', NOW), outcome: 'handoffRequested' })).toBe(true);
  });
});

describe('the record of a case', () => {
  it('lists articles and flows with each step result, and times a closed case', () => {
    const fields = recordFields(
      file({
        suggestions: [
          { articleId: 'vpn', title: 'VPN', language: 'en', confidence: 0.9, helped: false, suggestedAt: AT },
        ],
        steps: [
          { articleId: 'vpn', step: 1, result: 'failed', at: AT },
          { articleId: 'vpn', step: 2, result: 'failed', at: AT },
        ],
        answers: [{ flowId: 'no-internet', nodeId: 'how', value: 'wifi', at: AT }],
        flowSteps: [{ flowId: 'no-internet', nodeId: 'restart', result: 'failed', at: AT }],
        outcome: 'handoffRequested',
      }),
      'handed-over',
      '2031-05-05T09:58:00.000Z',
      NOW,
    );
    expect(fields).toMatchObject({
      outcome: 'handed-over',
      articles: [
        {
          articleId: 'vpn',
          helped: false,
          steps: [
            { step: 1, result: 'failed' },
            { step: 2, result: 'failed' },
          ],
        },
      ],
      flows: [
        {
          flowId: 'no-internet',
          steps: [
            { nodeId: 'how', result: 'answered' },
            { nodeId: 'restart', result: 'failed' },
          ],
        },
      ],
      firstMessage: 'vpn drops',
      day: '2031-05-05',
      closedAt: AT,
      durationMs: 120_000,
    });
  });
});

describe("the median and p90 of technicians' times", () => {
  it('takes nearest ranks, rounded to hundredths of an hour, and null when nothing was measured', () => {
    expect(durationStats([])).toEqual({ measured: 0, medianHours: null, p90Hours: null });
    expect(durationStats([3, 1, 2])).toEqual({ measured: 3, medianHours: 2, p90Hours: 3 });
    const tenths = Array.from({ length: 10 }, (_, i) => (i + 1) / 3);
    expect(durationStats(tenths)).toEqual({ measured: 10, medianHours: 1.67, p90Hours: 3 });
  });
});

describe('the days a range selects', () => {
  it('covers every UTC day touched by [from, to)', () => {
    expect(daysBetween(new Date('2031-05-05'), new Date('2031-05-06'))).toEqual(['2031-05-05']);
    expect(daysBetween(new Date('2031-05-05T23:00:00Z'), new Date('2031-05-07T00:00:01Z'))).toEqual([
      '2031-05-05',
      '2031-05-06',
      '2031-05-07',
    ]);
  });
});
