import {
  addDescription,
  clearMisses,
  isClosed,
  markHelped,
  openCase,
  recordMiss,
  recordStep,
  recordSuggestion,
  setOutcome,
} from '../../src/dialogs';
import { startProductionApp, userChat } from './chat-harness';

describe('case file', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 9, minute));

  it('records a problem, suggestions, steps and the outcome as plain JSON', () => {
    const file = openCase('de', at(0));
    addDescription(file, 'WLAN bricht ab', 'de', at(1));
    recordSuggestion(file, { articleId: 'wifi', title: 'WLAN', language: 'de', confidence: 0.9 }, at(1));
    recordStep(file, 'wifi', 1, 'failed', at(2));
    recordStep(file, 'wifi', 2, 'worked', at(3));
    markHelped(file, 'wifi', true, at(3));
    setOutcome(file, 'resolved', at(3));
    expect(JSON.parse(JSON.stringify(file))).toEqual({
      problem: 'WLAN bricht ab',
      descriptions: ['WLAN bricht ab'],
      language: 'de',
      facts: {},
      suggestions: [
        {
          articleId: 'wifi',
          title: 'WLAN',
          language: 'de',
          confidence: 0.9,
          helped: true,
          suggestedAt: at(1).toISOString(),
        },
      ],
      steps: [
        { articleId: 'wifi', step: 1, result: 'failed', at: at(2).toISOString() },
        { articleId: 'wifi', step: 2, result: 'worked', at: at(3).toISOString() },
      ],
      outcome: 'resolved',
      consecutiveMisses: 0,
      openedAt: at(0).toISOString(),
      updatedAt: at(3).toISOString(),
    });
    expect(isClosed(file)).toBe(true);
  });

  it('counts misses until an answer resets them', () => {
    const file = openCase('en', at(0));
    expect(recordMiss(file, at(1))).toBe(1);
    expect(recordMiss(file, at(2))).toBe(2);
    clearMisses(file, at(3));
    expect(file.consecutiveMisses).toBe(0);
  });

  describe('on the production wiring', () => {
    startProductionApp();

    it('is filled by a real conversation and a resolved problem starts a fresh one', async () => {
      // OneDrive has an article and no diagnostic flow, so its walk-through starts at once.
      const chat = userChat();
      await chat.send('OneDrive is not syncing my files');
      await chat.send('no');
      await chat.send('yes');
      const resolved = await chat.caseFile();
      expect(resolved).toMatchObject({
        problem: 'OneDrive is not syncing my files',
        language: 'en',
        outcome: 'resolved',
        suggestions: [{ articleId: 'onedrive-not-syncing', language: 'en', helped: true }],
        steps: [
          { articleId: 'onedrive-not-syncing', step: 1, result: 'failed' },
          { articleId: 'onedrive-not-syncing', step: 2, result: 'worked' },
        ],
      });
      await chat.send('my mailbox is full and I cannot send e-mails');
      const next = await chat.caseFile();
      expect(next?.problem).toBe('my mailbox is full and I cannot send e-mails');
      expect(next?.steps).toEqual([]);
      expect(next?.outcome).toBeUndefined();
    });
  });
});
