import { isOpen, localTime, nextOpening, supportConfigSchema, zonedInstant } from '../../../src/handoff';
import { BERLIN } from './berlin-hours';

const at = (iso: string) => new Date(iso);

describe('working hours', () => {
  it.each([
    ['2026-11-23T07:00:00Z', true, 'Monday 08:00 CET (UTC+1) opens'],
    ['2026-11-23T06:59:00Z', false, 'Monday 07:59 CET'],
    ['2026-11-23T11:30:00Z', false, 'Monday lunch break 12:30'],
    ['2026-11-23T16:59:00Z', true, 'Monday 17:59'],
    ['2026-11-23T17:00:00Z', false, 'Monday 18:00 closes'],
    ['2026-07-06T06:00:00Z', true, 'Monday 08:00 CEST (UTC+2) in summer'],
    ['2026-07-06T05:30:00Z', false, 'Monday 07:30 CEST'],
    ['2026-11-27T15:00:00Z', false, 'Friday 16:00 closes early'],
    ['2026-11-21T10:00:00Z', false, 'Saturday'],
    ['2026-12-24T10:00:00Z', false, 'Christmas Eve, a Thursday holiday'],
  ])('%s open=%s (%s)', (iso, open) => {
    expect(isOpen(BERLIN, at(iso))).toBe(open);
  });

  it('reads the local date and weekday in the zone, not in UTC', () => {
    // 23:30 UTC on Sunday is already Monday 00:30 in Berlin.
    expect(localTime(at('2026-11-22T23:30:00Z'), 'Europe/Berlin')).toEqual({
      date: '2026-11-23',
      weekday: 'mon',
      minutes: 30,
    });
  });

  it('maps local times to instants across the DST changes', () => {
    expect(zonedInstant('2026-03-27', 8 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-27T07:00:00.000Z',
    );
    expect(zonedInstant('2026-03-30', 8 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-30T06:00:00.000Z',
    );
    expect(zonedInstant('2026-10-26', 8 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2026-10-26T07:00:00.000Z',
    );
    // 02:30 does not exist on 29 March 2026 in Berlin: the moment after the gap.
    expect(zonedInstant('2026-03-29', 150, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October 2026: the first one (CEST).
    expect(zonedInstant('2026-10-25', 150, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-10-25', 60, 'Europe/Berlin').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(zonedInstant('2026-11-02', 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });

  it.each([
    [
      'Friday evening before spring forward → Sunday 01:00 CET',
      '2026-03-27T17:00:00Z',
      '2026-03-29T00:00:00.000Z',
    ],
    ['Saturday before fall back → Sunday 01:00 CEST', '2026-10-24T12:00:00Z', '2026-10-24T23:00:00.000Z'],
    [
      'Sunday after the fall-back night → Monday 08:00 CET',
      '2026-10-25T05:00:00Z',
      '2026-10-26T07:00:00.000Z',
    ],
    ['lunch break → 13:00 the same day', '2026-11-23T11:15:00Z', '2026-11-23T12:00:00.000Z'],
    [
      'Christmas Eve → Monday 28 December (25th holiday, weekend)',
      '2026-12-23T18:00:00Z',
      '2026-12-27T00:00:00.000Z',
    ],
    ['New Year holiday on a Friday → Sunday 01:00', '2026-12-31T18:00:00Z', '2027-01-03T00:00:00.000Z'],
  ])('next opening: %s', (_why, now, expected) => {
    expect(nextOpening(BERLIN, at(now))?.toISOString()).toBe(expected);
  });

  it('spring forward: a range starting inside the skipped hour opens when the clocks jump', () => {
    // Sunday 29 March 2026: 01:00-04:00 local, the clocks go from 02:00 to 03:00.
    expect(isOpen(BERLIN, at('2026-03-29T00:30:00Z'))).toBe(true); // 01:30 CET
    expect(isOpen(BERLIN, at('2026-03-29T02:30:00Z'))).toBe(false); // 04:30 CEST
  });

  it('is open now when open, and never when no hours are configured', () => {
    const now = at('2026-11-24T09:00:00Z');
    expect(nextOpening(BERLIN, now)).toBe(now);
    const closed = supportConfigSchema.parse({ timeZone: 'Europe/Berlin', hours: {} });
    expect(isOpen(closed, now)).toBe(false);
    expect(nextOpening(closed, now)).toBeUndefined();
  });

  it('rejects unknown zones and malformed hours', () => {
    expect(supportConfigSchema.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(supportConfigSchema.safeParse({ timeZone: 'UTC', hours: { mon: ['18:00-08:00'] } }).success).toBe(
      false,
    );
    expect(supportConfigSchema.safeParse({ timeZone: 'UTC', hours: { mon: ['8-18'] } }).success).toBe(false);
  });
});
