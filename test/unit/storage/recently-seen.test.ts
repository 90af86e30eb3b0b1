import { RecentlySeen } from '../../../src/storage';

describe('RecentlySeen', () => {
  it('answers a value for keepMs, copies in and out', () => {
    let now = 0;
    const seen = new RecentlySeen<{ n: number }>(1_000, 10, () => now);
    const value = { n: 1 };
    seen.remember('a', value);
    value.n = 2;
    expect(seen.get('a')).toEqual({ n: 1 });
    now = 999;
    expect(seen.get('a')).toEqual({ n: 1 });
    now = 1_000;
    expect(seen.get('a')).toBeUndefined();
  });

  it('drops values older than keepMs as new ones come, so it holds what was seen lately', () => {
    let now = 0;
    const seen = new RecentlySeen<{ n: number }>(1_000, 10_000, () => now);
    for (let i = 0; i < 500; i++) {
      now = i * 10; // 100 keys a second
      seen.remember(`k${i}`, { n: i });
    }
    expect(seen.size).toBe(100); // the last second's, not all 500
    expect(seen.get('k399')).toBeUndefined();
    expect(seen.get('k400')).toEqual({ n: 400 });
    now += 5_000;
    seen.remember('late', { n: -1 });
    expect(seen.size).toBe(1);
  });

  it('remembering a key again makes it the newest, and the limit drops the oldest', () => {
    let now = 0;
    const seen = new RecentlySeen<{ n: number }>(60_000, 3, () => now);
    for (const key of ['a', 'b', 'c']) {
      now += 1;
      seen.remember(key, { n: now });
    }
    now += 1;
    seen.remember('a', { n: now });
    now += 1;
    seen.remember('d', { n: now });
    expect(seen.size).toBe(3);
    expect(seen.get('b')).toBeUndefined();
    expect(seen.get('a')).toEqual({ n: 4 });
    expect(seen.get('c')).toEqual({ n: 3 });
  });
});
