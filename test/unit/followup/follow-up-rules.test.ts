import { raisedPriority, resolvedBy } from '../../../src/followup';
import type { CaseFile, FlowCaseFields } from '../../../src/tickets';

const AT = '2027-03-01T09:00:00.000Z';

function caseFile(extra: Partial<CaseFile & FlowCaseFields> = {}): CaseFile & FlowCaseFields {
  return {
    descriptions: ['VPN drops'],
    language: 'en',
    facts: {},
    suggestions: [],
    steps: [],
    consecutiveMisses: 0,
    openedAt: AT,
    updatedAt: AT,
    ...extra,
  };
}

describe('follow-up rules', () => {
  it('raises a priority one step, urgent staying urgent', () => {
    expect(raisedPriority('low')).toBe('normal');
    expect(raisedPriority('normal')).toBe('high');
    expect(raisedPriority('high')).toBe('urgent');
    expect(raisedPriority('urgent')).toBe('urgent');
  });

  it('names the flow that ended resolved, else the article whose step worked last', () => {
    const article = caseFile({
      steps: [
        { articleId: 'vpn-drops', step: 1, result: 'failed', at: AT },
        { articleId: 'vpn-reset', step: 2, result: 'worked', at: AT },
      ],
    });
    expect(resolvedBy(article)).toEqual({ source: 'article', ref: 'vpn-reset' });
    const flow = caseFile({
      ...article,
      resolution: { flowId: 'vpn-troubleshooting', nodeId: 'fixed', text: 'Reinstalled the client', at: AT },
    });
    expect(resolvedBy(flow)).toEqual({ source: 'flow', ref: 'vpn-troubleshooting' });
    const helped = caseFile({
      suggestions: [
        {
          articleId: 'vpn-drops',
          title: 'VPN',
          language: 'en',
          confidence: 0.9,
          helped: true,
          suggestedAt: AT,
        },
      ],
    });
    expect(resolvedBy(helped)).toEqual({ source: 'article', ref: 'vpn-drops' });
    expect(resolvedBy(caseFile())).toBeUndefined();
  });
});
