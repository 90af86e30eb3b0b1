import type { Activity } from 'botbuilder';
import type { Handoff } from '../../src/handoff';
import { buildCard } from '../../src/channels/teams/technician-channel';
import {
  cardActionOf,
  identityOf,
  isFromChannel,
  plainTextOf,
  threadRootOf,
} from '../../src/channels/teams/technician-channel/teams-activity';
import { ThreadStore } from '../../src/channels/teams/technician-channel/thread-store';
import { teamsActivity } from '../fixtures/teams/teams-fixtures';
import { createDirectLineTestStorage, type TestStorage } from '../helpers/directline-test-storage';

const CHANNEL = '19:abc123@thread.tacv2';
const base = {
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  tenantId: 'tenant-1',
  channelId: CHANNEL,
  rootId: '1700000000001',
  name: 'Jonas Weber',
  aadObjectId: 'obj-1',
  messageId: '1700000000099',
  nonce: '1',
};

const reply = (text: string, html = text) =>
  teamsActivity('thread-reply.message', { ...base, text, html }) as unknown as Activity;

function handoff(overrides: Partial<Handoff> = {}): Handoff {
  return {
    id: 'h-1',
    version: 1,
    ticketId: 't-1',
    ticketNumber: 'HD-1042',
    conversationId: 'c-1',
    channelId: 'directline',
    state: 'queued',
    reason: 'user-asked',
    upstream: {},
    user: { id: 'dl_x', name: 'Ana Popescu' },
    language: 'de',
    category: 'network',
    priority: 'urgent',
    rank: 0,
    skills: ['network'],
    queuedAt: '2025-03-11T09:30:00.123Z',
    seq: 1,
    userWaitingMode: 'waiting',
    outOfHours: false,
    ...overrides,
  };
}

const texts = (card: unknown) => JSON.stringify(card);
const verbs = (card: Record<string, unknown>) => (card.actions as { verb: string }[]).map((a) => a.verb);

describe('reading Teams activities', () => {
  it('recognises the technicians’ channel by channel data or conversation id, and nothing else', () => {
    const activity = reply('hi');
    expect(isFromChannel(activity, CHANNEL)).toBe(true);
    expect(isFromChannel(activity, '19:other@thread.tacv2')).toBe(false);
    expect(isFromChannel({ ...activity, channelData: {} }, CHANNEL)).toBe(true); // from conversation.id
    expect(isFromChannel({ ...activity, channelId: 'directline' }, CHANNEL)).toBe(false);
    expect(
      isFromChannel({ ...activity, channelData: {}, conversation: { id: 'a:1personal' } as never }, CHANNEL),
    ).toBe(false);
  });

  it('finds the thread root and the Entra identity', () => {
    const activity = reply('hi');
    expect(threadRootOf(activity)).toBe('1700000000001');
    expect(threadRootOf({ ...activity, conversation: { id: CHANNEL } as never })).toBeUndefined();
    expect(identityOf(activity)).toEqual({ tenantId: 'tenant-1', objectId: 'obj-1' });
    expect(identityOf({ ...activity, from: { id: '29:x', name: 'no aad' } })).toBeUndefined();
  });

  it('removes the bot mention and Teams HTML, keeps other text and decodes entities', () => {
    expect(plainTextOf(reply('Restart &amp; try again'))).toBe('Restart & try again');
    expect(plainTextOf(reply('<p>line one</p><p>line <b>two</b></p>'))).toBe('line one\nline two');
    expect(plainTextOf(reply('ask <at>Maria Nowak</at> about &lt;script&gt;'))).toBe(
      'ask Maria Nowak about <script>',
    );
    expect(plainTextOf(reply(''))).toBe('');
  });

  it('reads Action.Execute invokes and Action.Submit messages; ignores other verbs and shapes', () => {
    const invoke = (verb: string, data: unknown) =>
      teamsActivity('card-action-execute.invoke', {
        ...base,
        verb,
        title: verb,
        data: JSON.stringify(data),
      }) as unknown as Activity;
    expect(cardActionOf(invoke('claim', { handoffId: 'h-1' }))).toEqual({
      verb: 'claim',
      handoffId: 'h-1',
      cardId: '1700000000001',
    });
    expect(cardActionOf(invoke('resolve', { handoffId: 'h-1', note: '  fixed  ' }))?.note).toBe('fixed');
    expect(cardActionOf(invoke('resolve', { handoffId: 'h-1', note: '   ' }))?.note).toBeUndefined();
    expect(cardActionOf(invoke('delete', { handoffId: 'h-1' }))).toBeUndefined();
    expect(cardActionOf(invoke('claim', { handoffId: 42 }))).toBeUndefined();
    expect(cardActionOf({ ...invoke('claim', { handoffId: 'h-1' }), name: 'task/fetch' })).toBeUndefined();
    const submit = teamsActivity('card-action-submit.message', {
      ...base,
      data: JSON.stringify({ verb: 'handBack', handoffId: 'h-2' }),
    }) as unknown as Activity;
    expect(cardActionOf(submit)).toMatchObject({ verb: 'handBack', handoffId: 'h-2' });
    expect(cardActionOf(reply('claim'))).toBeUndefined();
  });
});

describe('the hand-over card', () => {
  it('queued: ticket, priority, language, category, user, queue time and only Claim', () => {
    const card = buildCard({ handoff: handoff(), ticket: { summary: 'VPN drops', problem: 'VPN drops' } });
    const all = texts(card);
    for (const expected of ['HD-1042 · Urgent priority', 'German (de)', 'network', 'Ana Popescu', 'Web chat'])
      expect(all).toContain(expected);
    expect(all).toContain('{{TIME(2025-03-11T09:30:00Z)}}');
    expect(verbs(card)).toEqual(['claim']);
    expect(all).not.toContain('Input.Text');
  });

  it('assigned: who claimed, the wait, a note input and Resolve / Hand back', () => {
    const card = buildCard({
      handoff: handoff({
        state: 'assigned',
        assignedTo: 't',
        assignedToName: 'Jonas Weber',
        assignedAt: '2025-03-11T09:42:00.000Z',
      }),
    });
    const all = texts(card);
    expect(all).toContain('Claimed by Jonas Weber.');
    expect(all).toContain('waited 12 min');
    expect(all).toContain('"id":"note"');
    expect(verbs(card)).toEqual(['resolve', 'handBack']);
    const resolve = (card.actions as { verb: string; associatedInputs: string }[])[0];
    expect(resolve?.associatedInputs).toBe('auto');
  });

  it.each([
    ['resolved', 'Resolved by Jonas Weber.'],
    ['returned', 'Handed back to the bot by Jonas Weber.'],
    ['abandoned', 'cancelled'],
  ] as const)('%s: says so and offers no buttons', (state, line) => {
    const card = buildCard({ handoff: handoff({ state, assignedToName: 'Jonas Weber' }) });
    expect(texts(card)).toContain(line);
    expect(card.actions).toEqual([]);
  });

  it('puts a notice on top only when given', () => {
    const card = buildCard({ handoff: handoff() }, 'Maria Nowak already claimed HD-1042.');
    expect((card.body as { text?: string }[])[0]?.text).toBe('Maria Nowak already claimed HD-1042.');
  });
});

describe('thread store', () => {
  let storage: TestStorage;
  beforeEach(async () => {
    storage = await createDirectLineTestStorage();
  });
  afterEach(() => storage.dispose());

  it('lets one of many posters reserve a card, finds it by root once posted', async () => {
    const threads = new ThreadStore(storage.backend, () => new Date());
    const place = { channelId: CHANNEL, serviceUrl: base.serviceUrl };
    const won = await Promise.all(Array.from({ length: 10 }, () => threads.reserve('h-1', place)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await threads.get('h-1')).toBeUndefined(); // reserved, not posted
    await threads.posted('h-1', { rootId: '17', threadConversationId: `${CHANNEL};messageid=17` });
    expect(await threads.byRoot('17')).toMatchObject({ id: 'h-1', status: 'posted' });
    expect(await threads.reserve('h-1', place)).toBe(false);
  });

  it('takes over a reservation left by an instance that died while posting', async () => {
    let now = Date.parse('2025-03-11T09:00:00Z');
    const threads = new ThreadStore(storage.backend, () => new Date(now));
    const place = { channelId: CHANNEL, serviceUrl: base.serviceUrl };
    expect(await threads.reserve('h-1', place)).toBe(true);
    now += 30_000;
    expect(await threads.reserve('h-1', place)).toBe(false);
    now += 5 * 60_000;
    expect(await threads.reserve('h-1', place)).toBe(true);
  });
});
