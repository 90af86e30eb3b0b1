import { ticketsMessage, type TicketView } from '../../../src/dialogs/tickets/ticket-card';

const VIEW: TicketView = {
  number: 'HD-1001',
  title: 'The printer on floor 2 prints blank pages',
  status: 'being worked on',
  updated: '2 Mar 2026, 10:00',
  assignee: 'Anna',
};
const options = {
  locale: 'en',
  labels: { status: 'Status', updated: 'Last update', assignee: 'Handled by' },
  heading: 'Your tickets',
  line: (v: TicketView) => `**${v.number}** ${v.title}: ${v.status}, ${v.updated}, ${v.assignee}`,
};

describe('the tickets message', () => {
  it.each(['msteams', 'directline', 'webchat'])('is an Adaptive Card on %s', (channelId) => {
    const message = ticketsMessage([VIEW], { ...options, channelId });
    expect(message.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = JSON.stringify(message.attachments?.[0]?.content);
    for (const shown of [
      'Your tickets',
      '**HD-1001** The printer',
      'being worked on',
      '2 Mar 2026, 10:00',
      'Anna',
    ])
      expect(card).toContain(shown);
    expect(message.summary).toBe('Your tickets');
  });

  it('is Markdown lines where the channel shows no cards, with what was not found after them', () => {
    const message = ticketsMessage([VIEW, { ...VIEW, number: 'HD-1002' }], {
      ...options,
      channelId: 'sms',
      note: 'No HD-9',
    });
    expect(message.attachments).toBeUndefined();
    expect(message.text).toBe(
      [
        '**Your tickets**',
        '**HD-1001** The printer on floor 2 prints blank pages: being worked on, 2 Mar 2026, 10:00, Anna',
        '**HD-1002** The printer on floor 2 prints blank pages: being worked on, 2 Mar 2026, 10:00, Anna',
        'No HD-9',
      ].join('\n\n'),
    );
  });
});
