import { addWorkingMinutes, supportConfigSchema, workingMinutesBetween } from '../../../src/handoff';
import { BERLIN } from './berlin-hours';

const at = (iso: string) => new Date(iso);
const add = (iso: string, minutes: number) => addWorkingMinutes(BERLIN, at(iso), minutes)?.toISOString();

describe('adding working minutes to an instant', () => {
  it.each([
    ['within one morning: Monday 09:00 CET + 1 h', '2026-11-23T08:00:00Z', 60, '2026-11-23T09:00:00.000Z'],
    [
      'over the lunch break: Monday 11:30 + 1 h = 13:30',
      '2026-11-23T10:30:00Z',
      60,
      '2026-11-23T12:30:00.000Z',
    ],
    ['exactly to closing time stays on that day', '2026-11-24T16:00:00Z', 60, '2026-11-24T17:00:00.000Z'],
    [
      'over a weekend: Friday 15:00 + 2 h = Monday 09:00 (Sunday night counts its 3 h first)',
      '2026-11-27T14:00:00Z',
      60 + 180 + 60,
      '2026-11-30T08:00:00.000Z',
    ],
    [
      'over Christmas: Wednesday 17:00 + 2 h skips the two holidays and the weekend',
      '2026-12-23T16:00:00Z',
      60 + 180 + 60,
      '2026-12-28T08:00:00.000Z',
    ],
    [
      'starting on a Saturday: counting begins at the next opening',
      '2026-11-28T10:00:00Z',
      30,
      '2026-11-29T00:30:00.000Z',
    ],
    ['zero minutes outside hours: the next opening', '2026-11-24T18:00:00Z', 0, '2026-11-25T07:00:00.000Z'],
    // 29 March 2026: clocks go from 02:00 to 03:00, so 01:00-04:00 is two real hours (00:00Z-02:00Z).
    [
      'across the spring DST change: the skipped hour is not worked',
      '2026-03-29T00:00:00Z',
      120,
      '2026-03-29T02:00:00.000Z',
    ],
    [
      'the spring night range is over after two hours: Monday 08:00 CEST next',
      '2026-03-29T00:00:00Z',
      150,
      '2026-03-30T06:30:00.000Z',
    ],
    // 25 October 2026: 03:00 goes back to 02:00, so 01:00-04:00 is four real hours (23:00Z-03:00Z).
    [
      'across the autumn DST change: the repeated hour is worked twice',
      '2026-10-24T23:00:00Z',
      240,
      '2026-10-25T03:00:00.000Z',
    ],
    ['in summer time a Monday opens at 06:00 UTC', '2026-07-05T03:00:00Z', 30, '2026-07-06T06:30:00.000Z'],
  ])('%s', (_, start, minutes, expected) => {
    expect(add(start, minutes)).toBe(expected);
  });

  it('counts around the clock with 00:00-24:00 hours every day, DST included', () => {
    const allDay = ['00:00-24:00'];
    const always = supportConfigSchema.parse({
      timeZone: 'Europe/Berlin',
      hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    });
    const start = at('2026-03-27T10:00:00Z');
    expect(addWorkingMinutes(always, start, 3 * 24 * 60)?.toISOString()).toBe('2026-03-30T10:00:00.000Z');
  });

  it('is undefined when the hours never open', () => {
    const closed = supportConfigSchema.parse({ timeZone: 'UTC', hours: {} });
    expect(addWorkingMinutes(closed, at('2026-11-23T08:00:00Z'), 60)).toBeUndefined();
    expect(workingMinutesBetween(closed, at('2026-11-23T08:00:00Z'), at('2026-12-23T08:00:00Z'))).toBe(0);
  });
});

describe('working minutes between two instants', () => {
  it.each([
    ['one morning hour', '2026-11-23T08:00:00Z', '2026-11-23T09:00:00Z', 60],
    ['a Monday with its lunch break', '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z', 9 * 60],
    [
      'a whole week (Sunday night included)',
      '2026-11-23T00:00:00Z',
      '2026-11-30T00:00:00Z',
      9 * 60 + 3 * 10 * 60 + 8 * 60 + 180,
    ],
    ['Christmas Eve and Day are holidays', '2026-12-24T00:00:00Z', '2026-12-26T00:00:00Z', 0],
    ['the spring DST Sunday has two working hours', '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z', 120],
    ['the autumn DST Sunday has four', '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z', 240],
    ['backwards is nothing', '2026-11-24T09:00:00Z', '2026-11-24T08:00:00Z', 0],
  ])('%s', (_, from, to, minutes) => {
    expect(workingMinutesBetween(BERLIN, at(from), at(to))).toBe(minutes);
  });

  it('undoes adding: between(start, start + m) is m from any start', () => {
    for (const start of [
      '2026-11-27T14:00:00Z',
      '2026-12-23T16:00:00Z',
      '2026-03-27T13:00:00Z',
      '2026-10-23T07:15:00Z',
    ]) {
      for (const minutes of [1, 45, 600, 2400]) {
        const end = addWorkingMinutes(BERLIN, at(start), minutes)!;
        expect([start, minutes, workingMinutesBetween(BERLIN, at(start), end)]).toEqual([
          start,
          minutes,
          minutes,
        ]);
      }
    }
  });
});
