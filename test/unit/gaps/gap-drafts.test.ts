import { draftFromGap, stepsFrom, type GapDetail } from '../../../src/gaps';
import { parseArticle } from '../../../src/knowledge';

const gap: GapDetail = {
  id: 'gap-0123456789abcdef',
  cases: 3,
  previousCases: 0,
  trend: 3,
  unanswered: 2,
  escalated: 1,
  terms: ['phone', 'dial-tone', 'abheb'],
  languages: [
    { language: 'en', cases: 2 },
    { language: 'de', cases: 1 },
  ],
  examples: [{ text: 'desk phone has no dial tone', language: 'en' }],
  resolutionNotes: [
    {
      ticketNumber: 'HD-1',
      note: '1. Check the cable.\n2. Restart the phone. Ask the network team.',
      at: '2031-01-01T00:00:00Z',
    },
  ],
  questions: [
    { text: 'the VoIP handset shows no service', language: 'en' },
    { text: 'desk phone has no dial tone', language: 'en' },
    { text: 'Mein Tischtelefon hat kein Freizeichen', language: 'de' },
  ],
  topics: [],
};

const deps = {
  topics: () => ['contact.service-desk', 'hardware.audio'],
  fallbackTopic: 'contact.service-desk',
  summary: (lang: string, vars: { question: string }) => `[${lang}] For problems like: "${vars.question}".`,
  clock: () => new Date('2031-01-02T10:00:00Z'),
};

describe('article drafts from a gap', () => {
  it('turns resolution notes into steps: lines and sentences, numbering gone, no repeats', () => {
    expect(
      stepsFrom(['1. Check the cable.\n2. Restart the phone. Ask the network team.', '- check the cable.']),
    ).toEqual(['Check the cable.', 'Restart the phone.', 'Ask the network team.']);
  });

  it('writes one article file per language asked in, which the article parser accepts', async () => {
    const { files, byModel } = await draftFromGap(gap, deps);
    expect(byModel).toBe(false);
    expect(files.map((f) => f.path)).toEqual([
      'contact.service-desk/gap-phone-dial-tone-abheb.en.md',
      'contact.service-desk/gap-phone-dial-tone-abheb.de.md',
    ]);
    const parsed = parseArticle('gap-phone-dial-tone-abheb.en.md', files[0]!.content, {});
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(parsed.article).toMatchObject({
      id: 'gap-phone-dial-tone-abheb',
      title: 'Desk phone has no dial tone',
      topic: 'contact.service-desk',
      examples: ['desk phone has no dial tone', 'the VoIP handset shows no service'],
      steps: ['Check the cable.', 'Restart the phone.', 'Ask the network team.'],
    });
    expect(files[1]!.content).toContain('[de] For problems like: "Mein Tischtelefon hat kein Freizeichen".');
  });

  it("uses the language model's draft when there is one, and the cluster's commonest known topic otherwise", async () => {
    const improved = [{ path: 'hardware.audio/phone.en.md', content: 'from the model' }];
    expect(await draftFromGap(gap, { ...deps, improve: async () => improved })).toEqual({
      files: improved,
      byModel: true,
    });
    const failing = await draftFromGap(
      { ...gap, topics: ['unknown.topic', 'hardware.audio'] },
      { ...deps, improve: async () => undefined },
    );
    expect(failing.byModel).toBe(false);
    expect(failing.files[0]!.path.startsWith('hardware.audio/')).toBe(true);
  });
});
