import { contentWords, findSpikes, type SpikeSettings } from '../../../src/incidents';
import type { CaseRecord } from '../../../src/insights';

const NOW = new Date('2031-06-02T12:00:00.000Z');
const MINUTE = 60_000;
const SETTINGS: SpikeSettings = { windowMinutes: 10, baselineHours: 24, minCases: 10, ratio: 4 };
const STOP = new Set(['the', 'does', 'with', 'nicht', 'mein', 'mehr', 'when']);

let next = 0;
/** A case opened `minutesAgo` before NOW, about `topic` or (without one) saying `text`. */
function caseAt(minutesAgo: number, topic?: string, text = 'a problem'): CaseRecord {
  const openedAt = new Date(NOW.getTime() - minutesAgo * MINUTE).toISOString();
  return {
    id: `case-${++next}`,
    version: 1,
    conversationId: `conversation-${next}`,
    userId: `user-${next}`,
    channelId: 'directline',
    language: 'en',
    ...(topic ? { topic } : {}),
    outcome: 'open',
    articles: [],
    flows: [],
    firstMessage: text,
    openedAt,
    day: openedAt.slice(0, 10),
    updatedAt: openedAt,
  };
}

function spread(count: number, everyMinutes: number, from: number, topic?: string, text?: string) {
  return Array.from({ length: count }, (_, i) => caseAt(from + i * everyMinutes, topic, text));
}

describe('the spike detector', () => {
  it('finds a topic with 15 cases in the window over a quiet baseline', () => {
    const cases = [...spread(15, 0.5, 1, 'email.outlook'), ...spread(3, 300, 60, 'email.outlook')];
    const spikes = findSpikes(cases, NOW, SETTINGS, STOP);
    expect(spikes.map((s) => [s.key, s.cases.length, s.baseline])).toEqual([['topic:email.outlook', 15, 3]]);
  });

  it('finds nothing under the minimum, nor in a steady high volume, nor in out-of-scope questions', () => {
    expect(findSpikes(spread(9, 1, 0, 'email.outlook'), NOW, SETTINGS, STOP)).toEqual([]);
    // 12 every 10 minutes all day long is what is normal for this topic: no spike.
    const steady = spread(12 * 145, 10 / 12, 0, 'network.vpn');
    expect(findSpikes(steady, NOW, SETTINGS, STOP)).toEqual([]);
    expect(findSpikes(spread(20, 0.2, 0, 'out-of-scope.hr'), NOW, SETTINGS, STOP)).toEqual([]);
  });

  it('needs the ratio over a busy baseline: 30 in the window against 12 per 10 minutes is not enough, 60 is', () => {
    const baseline = spread(12 * 144, 10 / 12, 11, 'network.vpn');
    expect(findSpikes([...baseline, ...spread(30, 0.3, 0, 'network.vpn')], NOW, SETTINGS, STOP)).toEqual([]);
    const spikes = findSpikes([...baseline, ...spread(60, 0.15, 0, 'network.vpn')], NOW, SETTINGS, STOP);
    expect(spikes.map((s) => s.key)).toEqual(['topic:network.vpn']);
  });

  it('groups the words cases without a topic share into one spike, across languages', () => {
    const texts = [
      'SAP Kassensystem offline, Fehler 503 when booking',
      'the SAP kassensystem is offline and shows error 503',
      'Kassensystem SAP offline, nicht mehr erreichbar',
    ];
    const cases = Array.from({ length: 12 }, (_, i) => caseAt(i * 0.5, undefined, texts[i % 3]));
    const spikes = findSpikes(
      [...cases, ...spread(5, 1, 0, undefined, 'printer jammed')],
      NOW,
      SETTINGS,
      STOP,
    );
    expect(spikes).toHaveLength(1);
    expect(spikes[0]!.key).toBe('word:kassensystem');
    expect(spikes[0]!.words.sort()).toEqual(['kassensystem', 'offline']);
    expect(spikes[0]!.cases).toHaveLength(12);
  });

  it('keeps content words only: folded, no function words, no short words or bare numbers', () => {
    expect(contentWords('Mein Drucker druckt NICHT mehr, Fehler 503 in Zürich', STOP).sort()).toEqual(
      ['drucker', 'druckt', 'fehler', 'zurich'].sort(),
    );
  });
});
