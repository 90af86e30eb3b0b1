import { measureJson } from '../../../src/server';

describe('measureJson', () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 'leaf';
    for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { k: value };
    return value;
  };

  test('counts depth and bytes like JSON.stringify would', () => {
    for (const value of [
      'x',
      0,
      null,
      {},
      [],
      { a: 1, b: [true, null, 'é'] },
      [[[{ deep: 'x' }]], 2],
      nested(20),
    ]) {
      expect(measureJson(value).bytes).toBe(JSON.stringify(value).length);
    }
    expect(measureJson('x').depth).toBe(0);
    expect(measureJson({}).depth).toBe(1);
    expect(measureJson(nested(20)).depth).toBe(20);
  });

  test('measures 100,000 levels without overflowing the stack, where JSON.stringify throws', () => {
    const deep = nested(100_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(measureJson(deep, { depth: 32 }).depth).toBeGreaterThan(32);
    expect(measureJson(deep).depth).toBe(100_000);
  });
});
