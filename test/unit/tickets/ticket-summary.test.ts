import { buildSummary, ticketDetailsFromCase, type NewTicket } from '../../../src/tickets';
import type { FlowCaseFile } from '../../../src/dialogs/flows';

const base: NewTicket = {
  conversationId: 'c1',
  channelId: 'msteams',
  user: { id: 'u1', name: 'Jo' },
  language: 'de',
  category: 'network',
  priority: 'high',
  skills: ['network'],
  problem: 'WLAN bricht ständig ab',
  facts: {},
  stepsTried: [],
  articlesSuggested: [],
  origin: 'a guided flow escalated to a technician',
};

describe('ticket summary', () => {
  it('is short English lines from the structured case', () => {
    const summary = buildSummary({
      ...base,
      facts: { os: 'windows-11', deviceType: 'laptop' },
      stepsTried: [
        { source: 'flow', ref: 'wifi-troubleshooting', step: 'check-airplane', result: 'failed', at: '1' },
        { source: 'article', ref: 'wifi-cannot-connect', step: '2', result: 'stopped', at: '2' },
      ],
      articlesSuggested: [{ articleId: 'wifi-cannot-connect', title: 'WLAN verbindet nicht', helped: false }],
    });
    expect(summary.split('\n')).toEqual([
      'Problem: WLAN bricht ständig ab',
      'Category: network | Priority: high | Language: de | Channel: msteams',
      'Why: a guided flow escalated to a technician',
      'Facts: os=windows-11; deviceType=laptop',
      'Tried: wifi-troubleshooting/check-airplane (failed); wifi-cannot-connect step 2 (stopped)',
      'Articles: "WLAN verbindet nicht" (did not help)',
    ]);
  });

  it('names the steps by their titles when it knows them', () => {
    const title = (step: { ref: string; step: string }) =>
      step.ref === 'outlook-troubleshooting' && step.step === 'safe-mode'
        ? 'Start Outlook in safe mode'
        : undefined;
    const summary = buildSummary(
      {
        ...base,
        stepsTried: [
          { source: 'flow', ref: 'outlook-troubleshooting', step: 'safe-mode', result: 'failed', at: '1' },
          { source: 'flow', ref: 'outlook-troubleshooting', step: 'unknown-node', result: 'worked', at: '2' },
        ],
      },
      title,
    );
    expect(summary).toContain(
      "Tried: Start Outlook in safe mode (didn't help); outlook-troubleshooting/unknown-node (worked)",
    );
  });

  it('says when nothing was tried, clips long text and keeps the latest steps', () => {
    expect(buildSummary({ ...base, problem: '' })).toMatch(
      /Problem: \(not described\)[\s\S]*Tried: nothing yet/,
    );
    expect(buildSummary({ ...base, problem: 'x'.repeat(1000) }).split('\n')[0]).toHaveLength(9 + 300);
    const steps = Array.from({ length: 12 }, (_, i) => ({
      source: 'article' as const,
      ref: 'a',
      step: String(i + 1),
      result: 'failed' as const,
      at: String(i),
    }));
    expect(buildSummary({ ...base, stepsTried: steps })).toMatch(
      /Tried: 4 earlier, then a step 5 \(failed\);[\s\S]*a step 12 \(failed\)$/m,
    );
  });

  it('takes problem, facts, steps in time order and articles from the case file', () => {
    const file: FlowCaseFile = {
      problem: 'vpn drops',
      descriptions: ['vpn drops'],
      language: 'en',
      facts: { os: 'macos' },
      suggestions: [
        { articleId: 'vpn', title: 'VPN', language: 'en', confidence: 0.8, helped: true, suggestedAt: 'x' },
      ],
      steps: [{ articleId: 'vpn', step: 1, result: 'worked', at: '2026-01-01T10:02:00Z' }],
      flowSteps: [{ flowId: 'vpn-flow', nodeId: 'restart', result: 'failed', at: '2026-01-01T10:01:00Z' }],
      consecutiveMisses: 0,
      openedAt: '',
      updatedAt: '',
    };
    const details = ticketDetailsFromCase(file);
    expect(details.problem).toBe('vpn drops');
    expect(details.stepsTried.map((s) => s.ref)).toEqual(['vpn-flow', 'vpn']);
    expect(details.articlesSuggested).toEqual([{ articleId: 'vpn', title: 'VPN', helped: true }]);
    expect(ticketDetailsFromCase(undefined)).toEqual({
      problem: '',
      facts: {},
      stepsTried: [],
      articlesSuggested: [],
    });
  });
});
