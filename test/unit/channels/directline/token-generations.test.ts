import {
  SUPERSEDED_TOKEN_GRACE_MS,
  TokenGenerations,
} from '../../../../src/channels/directline/token-generations';
import { createDirectLineTestStorage, type TestStorage } from '../../../helpers/directline-test-storage';

describe('TokenGenerations: a refreshed token supersedes the old one after a short grace', () => {
  let storage: TestStorage;
  let now: number;
  let generations: TokenGenerations;

  beforeEach(async () => {
    storage = await createDirectLineTestStorage();
    now = Date.parse('2026-03-01T10:00:00Z');
    generations = new TokenGenerations(storage.backend, () => now);
  });
  afterEach(() => storage.dispose());

  test('a conversation that never refreshed accepts generation 0 only', async () => {
    expect(await generations.accepts('c', 0)).toBe(true);
    expect(await generations.accepts('c', 1)).toBe(false);
  });

  test('after a refresh the old generation works for the grace, then not', async () => {
    expect(await generations.advance('c', 0)).toBe(1);
    expect(await generations.accepts('c', 1)).toBe(true);
    expect(await generations.accepts('c', 0)).toBe(true);
    now += SUPERSEDED_TOKEN_GRACE_MS - 1;
    expect(await generations.accepts('c', 0)).toBe(true);
    now += 1;
    expect(await generations.accepts('c', 0)).toBe(false);
    expect(await generations.accepts('c', 1)).toBe(true);
  });

  test('a token refreshes once; two generations back is refused at once', async () => {
    expect(await generations.advance('c', 0)).toBe(1);
    expect(await generations.advance('c', 0)).toBeUndefined();
    expect(await generations.advance('c', 1)).toBe(2);
    expect(await generations.accepts('c', 0)).toBe(false);
    expect(await generations.accepts('c', 1)).toBe(true);
  });

  test('of concurrent refreshes of one token exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => generations.advance('c', 0)));
    expect(results.filter((r) => r === 1)).toHaveLength(1);
  });
});
