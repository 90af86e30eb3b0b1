import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Handoff } from '../../../src/handoff';
import type { NewTechnician } from '../../../src/technicians';
import { ProductionApp } from '../../helpers/production-chat';
import { visible } from '../chat-harness';

// The whole app as createApp builds it, on office hours and a clock the tests set.
const OFFICE_YAML = [
  'timeZone: Europe/Berlin',
  `hours: { ${['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => `${d}: ["08:00-18:00"]`).join(', ')} }`,
  'holidays: ["2026-12-24", "2026-12-25"]',
  'queues: { security: { skills: [security] } }',
].join('\n');

/** Saturday 21 November 2026, 13:00 in Berlin. */
const SATURDAY = '2026-11-21T12:00:00Z';
/** Monday 23 November 2026, 11:00 in Berlin. */
const MONDAY = '2026-11-23T10:00:00Z';

const now = { value: new Date(MONDAY) };
let app: ProductionApp;

beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-office-')), 'support.yaml');
  fs.writeFileSync(file, `${OFFICE_YAML}\n`);
  app = await ProductionApp.start(
    { SUPPORT_CONFIG_FILE: file, RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '10000' },
    () => now.value,
  );
}, 120_000);
afterAll(() => app.stop());

const handoff = () => app.running.app.handoff!;
const pastClaimIds: string[] = [];

// Each test starts with an empty queue, nobody online and no recent pick-ups.
afterEach(async () => {
  for (const queued of await handoff().queue.queued()) await handoff().queue.cancelByUser(queued.id);
  for (const technician of await handoff().technicians.list()) {
    await handoff().technicians.setAvailability(technician.id, 'away');
  }
  const handoffs = app.running.app.storage.collection<Handoff>('handoffs');
  for (const id of pastClaimIds.splice(0)) await handoffs.delete(id);
});

/** A web chat user (in `locale`) who asks for a person and insists, with no problem described. */
async function askInsisting(ask: string | Partial<Activity>, locale?: string): Promise<string> {
  const chat = app.chat({ locale });
  await chat.send(ask);
  return visible(await chat.send(ask));
}

async function onlineTechnician(name: string, languages: NewTechnician['languages']) {
  await handoff().technicians.create({ name, languages, availability: 'online' });
}

/** Hand-overs technicians took recently, after waiting these many minutes. */
async function pastClaims(waitsMinutes: number[]) {
  const handoffs = app.running.app.storage.collection<Handoff>('handoffs');
  const at = now.value.getTime();
  for (const [i, wait] of waitsMinutes.entries()) {
    const assignedAt = new Date(at - (i + 1) * 3_600_000);
    const id = randomUUID();
    pastClaimIds.push(id);
    await handoffs.insert({
      id,
      ticketId: 'old',
      ticketNumber: 'HD-1',
      conversationId: `old-${id}`,
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

describe('position, wait estimate and opening hours', () => {
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
      now.value = new Date(MONDAY);
      await onlineTechnician('Anna', ['en', 'de']);
      await pastClaims([4, 6, 8]);
      expect(await askInsisting(ask, lang)).toMatch(first);
      expect(await askInsisting(ask, lang)).toMatch(second);
    },
  );

  it('says it cannot estimate with too few recent pick-ups', async () => {
    now.value = new Date(MONDAY);
    await pastClaims([4, 6]);
    await onlineTechnician('Anna', ['en']);
    expect(await askInsisting('talk to a human')).toMatch(
      /number 1 in the queue\. I can't estimate the wait/,
    );
  });

  it.each([
    [
      'en',
      'talk to a human',
      /No technician who can take this is online right now, although the service desk is open[\s\S]*number 2/,
    ],
    [
      'de',
      'Ich möchte mit einem Mitarbeiter sprechen',
      /kein Techniker online[\s\S]*obwohl der Service Desk geöffnet hat[\s\S]*Position 2/,
    ],
    [
      'pl',
      'chcę porozmawiać z konsultantem',
      /nie ma online żadnego technika[\s\S]*service desk jest czynny[\s\S]*nr 2/,
    ],
    [
      'ro',
      'vreau să vorbesc cu un tehnician',
      /nu este online niciun tehnician[\s\S]*service desk-ul este deschis[\s\S]*numărul 2/,
    ],
  ])(
    '%s: in working hours with nobody online the user is told so, not given a wait',
    async (lang, ask, expected) => {
      now.value = new Date(MONDAY);
      await pastClaims([4, 6, 8]);
      // Someone was online and went away: nobody can take it now.
      await onlineTechnician('Anna', ['en', 'de', 'pl', 'ro']);
      expect(await askInsisting(ask, lang)).not.toMatch(/online/);
      for (const technician of await handoff().technicians.list()) {
        await handoff().technicians.setAvailability(technician.id, 'away');
      }
      const reply = await askInsisting(ask, lang);
      expect(reply).toMatch(expected);
      expect(reply).not.toMatch(/\d+ (min|Min)/);
    },
  );

  it.each([
    [
      'en',
      'talk to a human',
      /closed right now\. I've opened ticket \*\*HD-\d+\*\*[\s\S]*after we open again: Monday 23 November at 08:00 CET\./,
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
      now.value = new Date(SATURDAY);
      const chat = app.chat({ locale: lang });
      await chat.send(ask);
      const reply = visible(await chat.send(ask));
      expect(reply).toMatch(expected);
      expect(reply).not.toMatch(/queue\b.*number|Warteschlange.*Position/);
      const owner = await handoff().queue.ownerOf(await chat.conversationId);
      expect(owner).toMatchObject({ state: 'queued', userWaitingMode: 'left-message', outOfHours: true });
      expect((await handoff().tickets.get(owner!.ticketId))?.status).toBe('new');
    },
  );

  it("shows the next opening in the user's own time zone when the channel sends it", async () => {
    now.value = new Date(SATURDAY);
    const reply = await askInsisting({
      type: 'message',
      text: 'talk to a human',
      localTimezone: 'America/New_York',
    });
    expect(reply).toMatch(/Monday 23 November at 02:00 GMT-5/);
  });

  it('skips holidays: Christmas Eve at 10:00 opens again on Monday 28 December', async () => {
    now.value = new Date('2026-12-24T09:00:00Z');
    expect(await askInsisting('talk to a human')).toMatch(/Monday 28 December at 08:00 CET/);
  });

  it('en: an urgent escalation out of hours is queued as urgent, live, and says so', async () => {
    now.value = new Date(SATURDAY);
    const chat = app.chat();
    await chat.send('someone stole my bag with the laptop');
    const reply = visible(await chat.send('on the tram, about 9am'));
    expect(reply).toMatch(
      /closed right now, but I've queued ticket \*\*HD-\d+\*\* as urgent[\s\S]*number 1 in the queue/,
    );
    expect(await handoff().queue.ownerOf(await chat.conversationId)).toMatchObject({
      priority: 'urgent',
      userWaitingMode: 'waiting',
      outOfHours: true,
    });
  });
});
