import fs from 'node:fs';
import path from 'node:path';
import { supportConfigSchema } from '../../../src/handoff';
import { dueTimes, slaAfterChange, slaConfigSchema, slaStanding, type SlaPolicy } from '../../../src/sla';
import type { Ticket, TicketHistoryEntry } from '../../../src/tickets';
import { copyShippedContent, runContentCheck } from '../../helpers/content-copy';

/** Mon-Thu 08:00-18:00, Fri 08:00-16:00 in Berlin, Christmas closed (as the shipped file). */
const hours = supportConfigSchema.parse({
  timeZone: 'Europe/Berlin',
  hours: {
    mon: ['08:00-18:00'],
    tue: ['08:00-18:00'],
    wed: ['08:00-18:00'],
    thu: ['08:00-18:00'],
    fri: ['08:00-16:00'],
  },
  holidays: ['2026-12-24', '2026-12-25'],
});

const slaFile = {
  targets: {
    urgent: { firstResponse: '30m', resolution: '4h' },
    high: { firstResponse: '1h', resolution: '8h' },
    normal: { firstResponse: '4h', resolution: '24h' },
  },
  calendarTime: ['urgent'],
  categories: { security: { normal: { firstResponse: '1h' } } },
  reminder: '80%',
};
const sla = slaConfigSchema.parse(slaFile);
const policy: SlaPolicy = { sla, hours };

const technician = { kind: 'technician' as const, id: 't-1', name: 'Flo' };

function ticket(fields: Partial<Ticket> = {}): Ticket {
  return {
    id: 'x',
    version: 1,
    number: 'HD-1001',
    status: 'open',
    conversationId: 'c',
    channelId: 'directline',
    user: { id: 'u' },
    language: 'en',
    category: 'printer',
    priority: 'normal',
    skills: [],
    summary: '',
    problem: 'printer jams',
    facts: {},
    stepsTried: [],
    articlesSuggested: [],
    origin: 'test',
    notes: [],
    createdAt: '2026-11-27T14:00:00.000Z', // Friday 15:00 in Berlin
    updatedAt: '2026-11-27T14:00:00.000Z',
    ...fields,
  };
}

function status(at: string, from: string, to: string): TicketHistoryEntry {
  return { id: at, at, by: technician, change: 'status', from, to };
}

describe('SLA due times', () => {
  it('counts a normal ticket in working hours: Friday 15:00 + 4 h is Monday 11:00, + 24 h is Wednesday 11:00', () => {
    expect(dueTimes(policy, ticket())).toEqual({
      firstResponseDueAt: '2026-11-30T10:00:00.000Z',
      resolutionDueAt: '2026-12-02T10:00:00.000Z',
      // 80 % of 4 h: 3 h 12 min of working time, one hour of it on Friday.
      remindAt: '2026-11-30T09:12:00.000Z',
    });
  });

  it('counts urgent tickets around the clock when the file says so', () => {
    expect(dueTimes(policy, ticket({ priority: 'urgent' }))).toMatchObject({
      firstResponseDueAt: '2026-11-27T14:30:00.000Z',
      resolutionDueAt: '2026-11-27T18:00:00.000Z',
      remindAt: '2026-11-27T14:24:00.000Z',
    });
  });

  it("takes a category's own target where given and the priority's otherwise", () => {
    expect(dueTimes(policy, ticket({ category: 'security' }))).toMatchObject({
      firstResponseDueAt: '2026-11-27T15:00:00.000Z',
      resolutionDueAt: '2026-12-02T10:00:00.000Z',
    });
  });

  it('gives no due times to a priority without targets', () => {
    expect(dueTimes(policy, ticket({ priority: 'low' }))).toEqual({});
  });

  it('after the first response, the reminder is about the resolution', () => {
    const replied = ticket({
      replies: [{ id: 'r', by: technician, text: 'On it', at: '2026-11-30T08:00:00.000Z', delivery: 'live' }],
    });
    expect(dueTimes(policy, replied)).toEqual({
      firstRespondedAt: '2026-11-30T08:00:00.000Z',
      firstResponseDueAt: '2026-11-30T10:00:00.000Z',
      resolutionDueAt: '2026-12-02T10:00:00.000Z',
      // 80 % of 24 h = 19 h 12 min of working time: Friday 1 h, Monday 10 h, Tuesday 8 h 12 min.
      remindAt: '2026-12-01T15:12:00.000Z',
    });
  });

  it('a technician taking the ticket themselves is a first response; a lead assigning someone else is not', () => {
    const claimed = ticket({
      history: [{ id: 'h', at: '2026-11-30T07:30:00.000Z', by: technician, change: 'assignee', to: 't-1' }],
    });
    expect(dueTimes(policy, claimed).firstRespondedAt).toBe('2026-11-30T07:30:00.000Z');
    const assigned = ticket({
      history: [
        {
          id: 'h',
          at: '2026-11-30T07:30:00.000Z',
          by: { kind: 'technician', id: 'lead', name: 'Lea' },
          change: 'assignee',
          to: 't-1',
        },
      ],
    });
    expect(dueTimes(policy, assigned).firstRespondedAt).toBeUndefined();
  });

  it('stops the resolution clock while pending and moves the due time on by the working time spent waiting', () => {
    const waiting = ticket({
      status: 'pending',
      history: [status('2026-11-30T08:00:00.000Z', 'open', 'pending')],
    });
    expect(dueTimes(policy, waiting)).toMatchObject({
      resolutionDueAt: '2026-12-02T10:00:00.000Z',
      pausedAt: '2026-11-30T08:00:00.000Z',
    });
    // Back from Monday 09:00 to Tuesday 10:00 Berlin: 9 + 2 = 11 working hours waiting.
    const back = ticket({
      status: 'open',
      history: [
        status('2026-11-30T08:00:00.000Z', 'open', 'pending'),
        status('2026-12-01T09:00:00.000Z', 'pending', 'open'),
      ],
    });
    const due = dueTimes(policy, back);
    expect(due.pausedAt).toBeUndefined();
    // Wednesday 11:00 + 11 working hours: Thursday 12:00 Berlin.
    expect(due.resolutionDueAt).toBe('2026-12-03T11:00:00.000Z');
  });

  it('starts the first-response clock of a ticket the bot resolved when the user takes the fix back', () => {
    // Resolved by the bot on Friday 15:00 Berlin, handed over on Monday 09:00: two working hours later.
    const takenBack = ticket({
      status: 'open',
      history: [status('2026-11-30T08:00:00.000Z', 'resolved', 'open')],
    });
    expect(dueTimes(policy, takenBack)).toEqual({
      // Monday 09:00 + 4 h, not Friday 15:00 + 4 h (Monday 11:00).
      firstResponseDueAt: '2026-11-30T12:00:00.000Z',
      resolutionDueAt: '2026-12-02T12:00:00.000Z',
      remindAt: '2026-11-30T11:12:00.000Z',
    });
    // Once answered, later pauses no longer move the first response that was due.
    const answered = ticket({
      status: 'open',
      replies: [{ id: 'r', at: '2026-11-30T09:00:00.000Z', by: technician, text: 'on it' }],
      history: [
        status('2026-11-30T08:00:00.000Z', 'resolved', 'open'),
        status('2026-11-30T10:00:00.000Z', 'open', 'resolved'),
        status('2026-12-01T08:00:00.000Z', 'resolved', 'open'),
      ],
    } as Partial<Ticket>);
    expect(dueTimes(policy, answered)).toMatchObject({
      firstRespondedAt: '2026-11-30T09:00:00.000Z',
      firstResponseDueAt: '2026-11-30T12:00:00.000Z',
    });
  });

  it('counts pending time when the file says not to pause', () => {
    const noPause: SlaPolicy = { hours, sla: { ...sla, pauseWhilePending: false } };
    const waiting = ticket({
      status: 'pending',
      history: [status('2026-11-30T08:00:00.000Z', 'open', 'pending')],
    });
    expect(dueTimes(noPause, waiting).pausedAt).toBeUndefined();
  });

  it('keeps reminder and breach marks on a change, and drops them when new targets apply', () => {
    const marked = ticket({
      sla: {
        ...dueTimes(policy, ticket()),
        remindedAt: '2026-11-30T09:12:00.000Z',
        remindedFor: 'first-response',
      },
    });
    expect(slaAfterChange(policy, marked, marked)).toBeUndefined();
    const raised = { ...marked, priority: 'high' as const };
    expect(slaAfterChange(policy, raised, marked)).toEqual({
      firstResponseDueAt: '2026-11-27T15:00:00.000Z',
      resolutionDueAt: '2026-11-30T14:00:00.000Z',
      remindAt: '2026-11-27T14:48:00.000Z',
    });
  });

  it('reminds a set time before the due time with "30m before"', () => {
    const before: SlaPolicy = {
      hours,
      sla: slaConfigSchema.parse({
        ...slaFile,
        targets: { normal: { firstResponse: '4h' } },
        reminder: '30m before',
      }),
    };
    expect(dueTimes(before, ticket()).remindAt).toBe('2026-11-30T09:30:00.000Z');
  });

  it('tells the worklist the time left, frozen while paused', () => {
    const now = new Date('2026-11-30T09:00:00.000Z');
    expect(slaStanding(ticket({ sla: dueTimes(policy, ticket()) }), now)).toEqual({
      target: 'first-response',
      dueAt: '2026-11-30T10:00:00.000Z',
      leftMs: 60 * 60 * 1000,
      paused: false,
      breached: false,
    });
    const paused = {
      status: 'pending' as const,
      sla: { resolutionDueAt: '2026-12-02T10:00:00.000Z', pausedAt: '2026-12-02T09:00:00.000Z' },
    };
    expect(slaStanding(paused, new Date('2026-12-09T00:00:00.000Z'))).toMatchObject({
      leftMs: 60 * 60 * 1000,
      paused: true,
      breached: false,
    });
    expect(slaStanding({ status: 'resolved', sla: paused.sla }, now)).toBeUndefined();
  });
});

describe('the sla section of support.yaml', () => {
  it('refuses durations and reminders it cannot read, naming the field', () => {
    const result = slaConfigSchema.safeParse({
      targets: { high: { firstResponse: '2 days' } },
      reminder: 'soon',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'targets.high.firstResponse',
      'reminder',
    ]);
  });

  it('content check reports a bad target with the file and its line', async () => {
    const dir = copyShippedContent();
    try {
      const file = path.join(dir, 'support.yaml');
      const text = fs
        .readFileSync(file, 'utf8')
        .replace(
          'high: { firstResponse: 1h, resolution: 8h }',
          'high: { firstResponse: 1 hour, resolution: 8h }',
        );
      fs.writeFileSync(file, text);
      const line = text.split('\n').findIndex((l) => l.includes('1 hour')) + 1;
      const { code, output } = await runContentCheck(dir);
      expect(code).not.toBe(0);
      expect(output).toContain(`support.yaml:${line}`);
      expect(output).toMatch(/must be a duration/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the shipped file passes and sets targets for every priority', async () => {
    const { code } = await runContentCheck(copyShippedContent());
    expect(code).toBe(0);
  });
});
