import { newETag } from '../../../src/storage/etag';

describe('newETag', () => {
  it('gives 12 random bytes as base64url, never the same twice across several draws of entropy', () => {
    const tags = Array.from({ length: 2000 }, () => newETag());
    for (const tag of tags) expect(tag).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(new Set(tags).size).toBe(tags.length);
  });
});
