import { SUPERSEDED_TOKEN_GRACE_MS, TokenGenerations } from '../../src/channels/directline/token-generations';
import { describeEachBackend } from '../helpers/each-backend';

describeEachBackend(
  'TokenGenerations: a refreshed token supersedes the old one after a short grace',
  (withBackend) => {
    test('a conversation that never refreshed accepts generation 0 only', () =>
      withBackend(async ({ storage, clock }) => {
        const generations = new TokenGenerations(storage, () => clock.now);
        expect(await generations.accepts('c', 0)).toBe(true);
        expect(await generations.accepts('c', 1)).toBe(false);
      }));

    test('after a refresh the old generation works for the grace, then not', () =>
      withBackend(async ({ storage, clock }) => {
        const generations = new TokenGenerations(storage, () => clock.now);
        expect(await generations.advance('c', 0)).toBe(1);
        expect(await generations.accepts('c', 1)).toBe(true);
        expect(await generations.accepts('c', 0)).toBe(true);
        clock.now += SUPERSEDED_TOKEN_GRACE_MS - 1;
        expect(await generations.accepts('c', 0)).toBe(true);
        clock.now += 1;
        expect(await generations.accepts('c', 0)).toBe(false);
        expect(await generations.accepts('c', 1)).toBe(true);
      }));

    test('a token refreshes once; two generations back is refused at once', () =>
      withBackend(async ({ storage, clock }) => {
        const generations = new TokenGenerations(storage, () => clock.now);
        expect(await generations.advance('c', 0)).toBe(1);
        expect(await generations.advance('c', 0)).toBeUndefined();
        expect(await generations.advance('c', 1)).toBe(2);
        expect(await generations.accepts('c', 0)).toBe(false);
        expect(await generations.accepts('c', 1)).toBe(true);
      }));

    test('of concurrent refreshes of one token exactly one wins', () =>
      withBackend(async ({ storage, clock }) => {
        const generations = new TokenGenerations(storage, () => clock.now);
        const results = await Promise.all(Array.from({ length: 5 }, () => generations.advance('c', 0)));
        expect(results.filter((r) => r === 1)).toHaveLength(1);
      }));
  },
);
