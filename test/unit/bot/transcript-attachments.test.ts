import { describeAttachment } from '../../../src/bot/middleware/transcript';

describe('describeAttachment', () => {
  it('summarises an Adaptive Card by its texts and buttons', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Step 2 of 5', weight: 'Bolder' },
        { type: 'Container', items: [{ type: 'TextBlock', text: 'Did that work?' }] },
      ],
      actions: [
        { type: 'Action.Submit', title: 'Yes, it worked', data: { firstlineChoice: 'yes' } },
        { type: 'Action.Submit', title: 'No', data: { firstlineChoice: 'no' } },
      ],
    };
    expect(describeAttachment(card)).toBe('Step 2 of 5 Did that work? [Yes, it worked] [No]');
  });

  it('summarises a hero card and copes with odd content', () => {
    expect(describeAttachment({ title: 'Printer', buttons: [{ type: 'imBack', title: 'Open' }] })).toBe(
      'Printer [Open]',
    );
    expect(describeAttachment(undefined)).toBe('');
    expect(describeAttachment('plain')).toBe('');
    expect(describeAttachment({ body: [{ type: 'TextBlock', text: 'x'.repeat(500) }] })).toHaveLength(300);
  });
});
