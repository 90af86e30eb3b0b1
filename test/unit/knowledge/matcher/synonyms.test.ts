import { synonymFileSchema } from '../../../../src/knowledge/matcher/synonyms';
import { shippedContent } from '../../../helpers/shipped-content';

describe('synonym files', () => {
  it('the shipped content/synonyms files are valid and cover the basics', () => {
    const concepts = shippedContent().synonyms.map((g) => g.concept);
    expect(concepts).toEqual(expect.arrayContaining(['password', 'wifi', 'vpn', 'computer']));
    expect(new Set(concepts).size).toBe(concepts.length);
  });
  it('accepts a group with a kebab-case concept and rejects any other concept name', () => {
    expect(synonymFileSchema.safeParse({ groups: [{ concept: 'ok', en: ['a'] }] }).success).toBe(true);
    expect(synonymFileSchema.safeParse({ groups: [{ concept: 'Not Valid', en: ['x'] }] }).success).toBe(
      false,
    );
  });
});
