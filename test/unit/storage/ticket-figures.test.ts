import { ticketFigures } from '../../../src/storage';

const BOT = { kind: 'bot', name: 'FirstLine' };
const ANNA = { kind: 'technician', id: 'tech-anna', name: 'Anna' };
const status = (at: string, by: object, from: string, to: string) => ({ change: 'status', at, by, from, to });

describe("a ticket's figures", () => {
  // The bot's fix (resolved by the bot), taken back by the user, handed over on the same ticket.
  const botFixTakenBack = [
    { change: 'created', at: '2030-01-07T09:00:00.000Z', by: BOT, to: 'new' },
    status('2030-01-07T09:00:00.000Z', BOT, 'new', 'resolved'),
    status('2030-01-07T09:02:00.000Z', BOT, 'resolved', 'open'),
    { change: 'handed-over', at: '2030-01-07T09:03:00.000Z', by: BOT },
  ];

  it("does not count the bot's own fix, taken back, as the desk's resolution or a reopening", () => {
    const handedOver = {
      status: 'open',
      resolution: { at: '2030-01-07T09:00:00.000Z', byBot: { source: 'article', ref: 'onedrive' } },
      history: botFixTakenBack,
    };
    expect(ticketFigures(handedOver)).toMatchObject({ byBot: false, firstResolvedAt: null, reopened: false });

    const resolvedByAnna = {
      status: 'resolved',
      resolution: { at: '2030-01-07T10:00:00.000Z', by: 'Anna' },
      history: [...botFixTakenBack, status('2030-01-07T10:00:00.000Z', ANNA, 'open', 'resolved')],
    };
    expect(ticketFigures(resolvedByAnna)).toMatchObject({
      byBot: false,
      firstResolvedAt: '2030-01-07T10:00:00.000Z',
      reopened: false,
    });

    // The technician's fix did not hold: that is a reopening of the desk's work.
    const reopenedAgain = {
      ...resolvedByAnna,
      status: 'open',
      history: [
        ...resolvedByAnna.history,
        status('2030-01-08T10:00:00.000Z', { kind: 'system', name: 'FirstLine' }, 'resolved', 'open'),
      ],
    };
    expect(ticketFigures(reopenedAgain)).toMatchObject({
      firstResolvedAt: '2030-01-07T10:00:00.000Z',
      reopened: true,
    });
  });

  it("keeps a technician's resolution and reopening as they were", () => {
    const ticket = {
      status: 'open',
      resolution: { at: '2030-01-07T10:00:00.000Z', by: 'Anna' },
      history: [
        { change: 'created', at: '2030-01-07T09:00:00.000Z', by: BOT, to: 'new' },
        status('2030-01-07T10:00:00.000Z', ANNA, 'open', 'resolved'),
        status('2030-01-07T11:00:00.000Z', { kind: 'user', name: 'user' }, 'resolved', 'open'),
      ],
    };
    expect(ticketFigures(ticket)).toMatchObject({
      firstResolvedAt: '2030-01-07T10:00:00.000Z',
      reopened: true,
    });
  });
});
