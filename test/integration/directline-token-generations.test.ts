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

    test('across instances: a refresh elsewhere is seen at once for the new token, within 10 s for a retired one', () =>
      withBackend(async ({ storage, clock }) => {
        const here = new TokenGenerations(storage, () => clock.now);
        const elsewhere = new TokenGenerations(storage, () => clock.now);
        expect(await here.accepts('c', 0)).toBe(true); // remembered here: generation 0 is current
        expect(await elsewhere.advance('c', 0)).toBe(1);
        expect(await here.accepts('c', 1)).toBe(true); // refused by what was remembered, so read again
        expect(await here.accepts('c', 0)).toBe(true); // the grace
        expect(await elsewhere.advance('c', 1)).toBe(2);
        expect(await here.accepts('c', 2)).toBe(true);
        expect(await here.accepts('c', 0)).toBe(false);
        expect(await here.accepts('c', 1)).toBe(true);
        // Two refreshes elsewhere within what this instance remembers: the older token is accepted
        // here no longer than 10 s (what it remembers), never beyond.
        expect(await elsewhere.advance('c', 2)).toBe(3);
        expect(await elsewhere.advance('c', 3)).toBe(4);
        clock.now += 10_000;
        expect(await here.accepts('c', 2)).toBe(false);
        expect(await here.accepts('c', 3)).toBe(true);
      }));

    test('of concurrent refreshes of one token exactly one wins', () =>
      withBackend(async ({ storage, clock }) => {
        const generations = new TokenGenerations(storage, () => clock.now);
        const results = await Promise.all(Array.from({ length: 5 }, () => generations.advance('c', 0)));
        expect(results.filter((r) => r === 1)).toHaveLength(1);
      }));
  },
);
