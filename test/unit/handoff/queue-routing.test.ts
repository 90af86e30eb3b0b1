import {
  compareQueued,
  estimateWaitMinutes,
  rankOf,
  recentWaits,
  route,
  type Handoff,
} from '../../../src/handoff';
import type { Technician } from '../../../src/technicians';

const tech = (over: Partial<Technician>): Technician => ({
  id: over.name ?? 't',
  version: 1,
  name: 't',
  role: 'technician',
  tokenHash: '',
  skills: [],
  languages: ['en'],
  availability: 'online',
  createdAt: '',
  ...over,
});

describe('queue order', () => {
  it('puts urgent before high before normal before low, then the longest waiting first', () => {
    const entries = [
      { id: 'a', rank: rankOf('low'), queuedAt: '2026-01-01T08:00:00Z', seq: 1 },
      { id: 'b', rank: rankOf('normal'), queuedAt: '2026-01-01T09:00:00Z', seq: 2 },
      { id: 'c', rank: rankOf('urgent'), queuedAt: '2026-01-01T10:00:00Z', seq: 3 },
      { id: 'd', rank: rankOf('normal'), queuedAt: '2026-01-01T08:30:00Z', seq: 4 },
      { id: 'e', rank: rankOf('high'), queuedAt: '2026-01-01T11:00:00Z', seq: 5 },
      { id: 'f', rank: rankOf('normal'), queuedAt: '2026-01-01T08:30:00Z', seq: 0 },
    ];
    expect([...entries].sort(compareQueued).map((e) => e.id)).toEqual(['c', 'e', 'f', 'd', 'b', 'a']);
  });
});

describe('routing', () => {
  const handoff = { skills: ['network'], language: 'de' as const };

  it('needs one of the skills and the language', () => {
    const anna = tech({ name: 'anna', skills: ['network'], languages: ['de'] });
    const ben = tech({ name: 'ben', skills: ['printing'], languages: ['de'] });
    const cara = tech({ name: 'cara', skills: ['network'], languages: ['en'] });
    const online = [anna, ben, cara];
    expect(route(anna, handoff, online, true)).toEqual({ allowed: true, languageFallback: false });
    expect(route(ben, handoff, online, true).allowed).toBe(false);
    // Someone online speaks German, so Cara does not see it.
    expect(route(cara, handoff, online, true).allowed).toBe(false);
  });

  it('falls back to any language when nobody online with the skills speaks it (if allowed)', () => {
    const cara = tech({ name: 'cara', skills: ['network'], languages: ['en'] });
    const offlineGerman = tech({
      name: 'dora',
      skills: ['network'],
      languages: ['de'],
      availability: 'offline',
    });
    expect(route(cara, handoff, [cara], true)).toEqual({ allowed: true, languageFallback: true });
    expect(route(cara, handoff, [cara], false).allowed).toBe(false);
    expect(route(offlineGerman, handoff, [cara], true).allowed).toBe(true);
  });

  it('lets leads and admins take anything, and anyone take a hand-over without skills', () => {
    expect(route(tech({ role: 'lead', languages: [] }), handoff, [], false).allowed).toBe(true);
    expect(route(tech({ role: 'admin', languages: [] }), handoff, [], false).allowed).toBe(true);
    expect(route(tech({ skills: [] }), { skills: [], language: 'en' }, [], false).allowed).toBe(true);
    expect(route(tech({ skills: ['*'] }), { skills: ['security'], language: 'en' }, [], false).allowed).toBe(
      true,
    );
  });
});

describe('wait estimate', () => {
  it('is the median recent wait per turn of the online technicians', () => {
    expect(estimateWaitMinutes([4, 6, 8], 1, 1)).toBe(6);
    expect(estimateWaitMinutes([4, 6, 8], 2, 1)).toBe(12);
    expect(estimateWaitMinutes([4, 6, 8], 2, 2)).toBe(6);
    expect(estimateWaitMinutes([4, 6, 8], 3, 2)).toBe(12);
    expect(estimateWaitMinutes([2, 4, 6, 100], 1, 1)).toBe(5);
    expect(estimateWaitMinutes([0.1, 0.2, 0.2], 1, 1)).toBe(1);
  });

  it('refuses to guess without enough data, with nobody online, or for hours-long waits', () => {
    expect(estimateWaitMinutes([4, 6], 1, 3)).toBeNull();
    expect(estimateWaitMinutes([4, 6, 8], 1, 0)).toBeNull();
    expect(estimateWaitMinutes([200, 300, 400], 3, 1)).toBeNull();
  });

  it('uses only pick-ups of the last day', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const claimed = [
      { queuedAt: '2026-11-23T11:00:00Z', assignedAt: '2026-11-23T11:05:00Z' },
      { queuedAt: '2026-11-21T11:00:00Z', assignedAt: '2026-11-21T11:30:00Z' },
      { queuedAt: '2026-11-23T10:00:00Z' },
    ] as Handoff[];
    expect(recentWaits(claimed, now)).toEqual([5]);
  });
});
