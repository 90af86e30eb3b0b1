import { KeyedMutex } from '../../../src/storage/keyed-mutex';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedMutex', () => {
  it('runs tasks of one key one at a time, in call order', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await tick(ms);
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      mutex.run('k', task('a', 20)),
      mutex.run('k', task('b', 1)),
      mutex.run('k', task('c', 5)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs different keys concurrently', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    await Promise.all([
      mutex.run('x', async () => {
        events.push('start x');
        await tick(20);
        events.push('end x');
      }),
      mutex.run('y', async () => {
        events.push('start y');
        await tick(1);
        events.push('end y');
      }),
    ]);
    expect(events.indexOf('end y')).toBeLessThan(events.indexOf('end x'));
  });

  it('keeps going after a failed task and forgets idle keys', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('k', async () => {
      throw new Error('boom');
    });
    const next = mutex.run('k', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    await tick(0);
    expect(mutex.size).toBe(0);
  });
});
