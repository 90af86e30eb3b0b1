import { randomUUID } from 'node:crypto';
import { supportConfigSchema, type Handoff } from '../../../src/handoff';
import { createWorld, HandoffChat, onlineTechnician } from './handoff-chat';

const OFFICE = supportConfigSchema.parse({
  timeZone: 'Europe/Berlin',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['08:00-18:00']])),
  holidays: ['2026-12-24', '2026-12-25'],
  queues: { security: { skills: ['security'] } },
});

/** Saturday 21 November 2026, 13:00 in Berlin. */
const SATURDAY = '2026-11-21T12:00:00Z';
/** Monday 23 November 2026, 11:00 in Berlin. */
const MONDAY = '2026-11-23T10:00:00Z';

describe('position, wait estimate and opening hours', () => {
  let world: ReturnType<typeof createWorld>;
  afterEach(() => world.close());

  /** Hand-overs technicians took recently, after waiting these many minutes. */
  async function pastClaims(waitsMinutes: number[]) {
    const handoffs = world.storage.collection<Handoff>('handoffs');
    const now = world.now.value.getTime();
    for (const [i, wait] of waitsMinutes.entries()) {
      const assignedAt = new Date(now - (i + 1) * 3_600_000);
      await handoffs.insert({
        id: randomUUID(),
        ticketId: 'old',
        ticketNumber: 'HD-1',
        conversationId: `old-${i}`,
        channelId: 'test',
        state: 'resolved',
        reason: 'user-asked',
        upstream: {},
        user: { id: 'someone' },
        language: 'en',
        category: 'general',
        priority: 'normal',
        rank: 2,
        skills: [],
        queuedAt: new Date(assignedAt.getTime() - wait * 60_000).toISOString(),
        seq: i,
        assignedAt: assignedAt.toISOString(),
        userWaitingMode: 'waiting',
        outOfHours: false,
      });
    }
  }

  it.each([
    [
      'en',
      'talk to a human',
      /number 1 in the queue; going by recent waits, it should take about 6 min/,
      /number 2 in the queue; going by recent waits, it should take about 12 min/,
    ],
    [
      'de',
      'Ich möchte mit einem Mitarbeiter sprechen',
      /Position 1 in der Warteschlange; nach den letzten Wartezeiten dauert es etwa 6 Min/,
      /Position 2 [\s\S]*etwa 12 Min/,
    ],
  ])(
    '%s: the estimate comes from recent waits and the technicians online',
    async (lang, ask, first, second) => {
      world = createWorld(OFFICE, MONDAY);
      await onlineTechnician(world, { name: 'Anna', languages: ['en', 'de'] });
      await pastClaims([4, 6, 8]);
      expect(await new HandoffChat(world, { language: lang, support: OFFICE }).sayInsisting(ask)).toMatch(
        first,
      );
      expect(await new HandoffChat(world, { language: lang, support: OFFICE }).sayInsisting(ask)).toMatch(
        second,
      );
    },
  );

  it('says it cannot estimate with too few recent pick-ups or nobody online', async () => {
    world = createWorld(OFFICE, MONDAY);
    await pastClaims([4, 6]);
    await onlineTechnician(world, { name: 'Anna', languages: ['en'] });
    expect(await new HandoffChat(world, { support: OFFICE }).sayInsisting('talk to a human')).toMatch(
      /I can't estimate the wait/,
    );
    await pastClaims([5]);
    const anna = (await world.technicians.list())[0]!;
    await world.technicians.setAvailability(anna.id, 'away');
    expect(await new HandoffChat(world, { support: OFFICE }).sayInsisting('talk to a human')).toMatch(
      /number 2 in the queue\. I can't estimate the wait/,
    );
  });

  it.each([
    [
      'en',
      'talk to a human',
      /closed right now\. I've opened ticket \*\*HD-1001\*\*[\s\S]*after we open again: Monday 23 November at 08:00 CET\./,
    ],
    [
      'de',
      'Ich möchte mit einem Mitarbeiter sprechen',
      /gerade nicht besetzt[\s\S]*sobald wir wieder da sind: Montag, 23\. November um 08:00 MEZ\./,
    ],
    [
      'pl',
      'chcę porozmawiać z konsultantem',
      /nieczynny[\s\S]*po ponownym otwarciu: poniedziałek, 23 listopada 08:00 CET\./,
    ],
  ])(
    '%s: out of hours the ticket stays open and the user learns when to expect an answer',
    async (lang, ask, expected) => {
      world = createWorld(OFFICE, SATURDAY);
      const chat = new HandoffChat(world, { language: lang, support: OFFICE });
      const reply = await chat.sayInsisting(ask);
      expect(reply).toMatch(expected);
      expect(reply).not.toMatch(/queue\b.*number|Warteschlange.*Position/);
      const handoff = await world.service.ownerOf(chat.conversationId);
      expect(handoff).toMatchObject({ state: 'queued', userWaitingMode: 'left-message', outOfHours: true });
      expect((await world.tickets.get(handoff!.ticketId))?.status).toBe('open');
    },
  );

  it("shows the next opening in the user's own time zone when the channel sends it", async () => {
    world = createWorld(OFFICE, SATURDAY);
    const chat = new HandoffChat(world, { support: OFFICE });
    const reply = await chat.sayInsisting({
      type: 'message',
      text: 'talk to a human',
      localTimezone: 'America/New_York',
    });
    expect(reply).toMatch(/Monday 23 November at 02:00 GMT-5/);
  });

  it('skips holidays: Christmas Eve at 10:00 opens again on Monday 28 December', async () => {
    world = createWorld(OFFICE, '2026-12-24T09:00:00Z');
    expect(await new HandoffChat(world, { support: OFFICE }).sayInsisting('talk to a human')).toMatch(
      /Monday 28 December at 08:00 CET/,
    );
  });

  it('en: an urgent escalation out of hours is queued as urgent, live, and says so', async () => {
    world = createWorld(OFFICE, SATURDAY);
    const chat = new HandoffChat(world, { support: OFFICE });
    await chat.say('someone stole my bag with the laptop');
    const reply = await chat.say('on the tram, about 9am');
    expect(reply).toMatch(
      /closed right now, but I've queued ticket \*\*HD-1001\*\* as urgent[\s\S]*number 1 in the queue/,
    );
    expect(await world.service.ownerOf(chat.conversationId)).toMatchObject({
      priority: 'urgent',
      userWaitingMode: 'waiting',
      outOfHours: true,
    });
  });
});
