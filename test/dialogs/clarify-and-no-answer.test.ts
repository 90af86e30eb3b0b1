import { Chat, buttons, knowledgeService, play } from './chat-harness';

// Pinned thresholds make a vague question land in "clarify" whatever the matcher's defaults are.
const vague = knowledgeService({ MATCH_ANSWER_THRESHOLD: '0.95', MATCH_CLARIFY_THRESHOLD: '0.3' });

/** The numbered options of a text reply, e.g. ["VPN", "Wi-Fi", "None of these"]. */
const listed = (text: string) => [...text.matchAll(/^(\d)\. (.+)$/gm)].map((m) => m[2]!);

describe('clarifying a vague question', () => {
  it.each([
    ['en', "can't connect", /Which of these is closest\?/, 'None of these'],
    ['de', 'keine Verbindung', /Was davon passt am besten\?/, 'Nichts davon'],
  ])(
    '%s: offers the closest topics and "none", and a typed pick starts that article',
    async (lang, question, ask, none) => {
      const chat = new Chat({ knowledge: vague });
      let options: string[] = [];
      await play(chat, [
        [
          question,
          (text) => {
            expect(text).toMatch(ask);
            options = listed(text);
          },
        ],
      ]);
      expect(options.length).toBeGreaterThanOrEqual(3);
      expect(options.length).toBeLessThanOrEqual(4);
      expect(options.at(-1)).toBe(none);
      expect(new Set(options).size).toBe(options.length);
      // Answer with the second option's label, as a user would type it.
      const topic = options[1]!;
      const lookup = vague
        .match(question, { language: lang as 'en' })
        .results.find((r) => vague.topicLabel(r.topic, lang as 'en') === topic)!;
      const title = vague.getArticle(lookup.id, lang as 'en')!.article.title;
      await play(chat, [
        [topic.toLowerCase(), new RegExp(`\\*\\*${escape(title)}\\*\\*[\\s\\S]*(Step|Schritt) 1`)],
      ]);
    },
  );

  it.each([
    ['en', "can't connect", 'the second one', 1],
    ['de', 'keine Verbindung', 'der erste', 0],
  ])('%s: an ordinal ("%s") picks an option', async (lang, question, ordinal, index) => {
    const chat = new Chat({ knowledge: vague });
    let options: string[] = [];
    await play(chat, [[question, (text) => void (options = listed(text))]]);
    const result = vague
      .match(question, { language: lang as 'en' })
      .results.find((r) => vague.topicLabel(r.topic, lang as 'en') === options[index])!;
    const title = vague.getArticle(result.id, lang as 'en')!.article.title;
    await play(chat, [[ordinal, new RegExp(escape(title))]]);
  });

  it('works with card buttons on Web Chat', async () => {
    const chat = new Chat({ knowledge: vague, channelId: 'webchat' });
    const replies = await chat.send("can't connect");
    const options = buttons(replies);
    expect(options.at(-1)).toEqual({ value: 'none', title: 'None of these' });
    const first = options[0]!;
    expect(first.value).toMatch(/^article:/);
    const title = vague.getArticle(first.value.slice('article:'.length), 'en')!.article.title;
    await play(chat, [[{ click: first.value }, new RegExp(`This looks like: \\*\\*${escape(title)}`)]]);
  });

  it.each([
    ['en', "can't connect", 'none of these', /don't have an answer for that yet[\s\S]*Talk to a person/],
    ['pl', 'nie mam połączenia', 'żadne', /nie mam jeszcze odpowiedzi[\s\S]*Rozmowa z człowiekiem/],
  ])(
    '%s: "none of these" is an honest no-answer with a technician offer',
    async (_l, question, none, expected) => {
      const chat = new Chat({ knowledge: vague });
      await play(chat, [
        [question, /\?/],
        [none, expected],
      ]);
      expect((await chat.caseFile())?.consecutiveMisses).toBe(1);
    },
  );
});

describe('confirming the one plausible topic', () => {
  // With answering pinned out of reach, a clear Wi-Fi question leaves one plausible topic.
  const unsure = knowledgeService({ MATCH_ANSWER_THRESHOLD: '1', MATCH_CLARIFY_THRESHOLD: '0.3' });
  const question = 'the wifi thing again';

  it('asks yes/no before starting anything, and "yes" starts the topic', async () => {
    const chat = new Chat({ knowledge: unsure });
    await play(chat, [
      [
        question,
        (text) => {
          expect(text).toMatch(/not quite sure I understood\. Is this about Wi-Fi\?/);
          expect(listed(text)).toEqual(['Yes', 'No']);
          expect(text).not.toMatch(/Step 1/);
        },
      ],
    ]);
    await play(chat, [['yes', /Wi-Fi won't connect[\s\S]*Step 1 of \d/]]);
  });

  it.each(['no', 'none of these'])('"%s" is an honest no-answer with a technician offer', async (answer) => {
    const chat = new Chat({ knowledge: unsure });
    await play(chat, [
      [question, /Is this about Wi-Fi\?/],
      [answer, /don't have an answer for that yet[\s\S]*Talk to a person/],
    ]);
    expect((await chat.caseFile())?.consecutiveMisses).toBe(1);
  });

  it('offers Yes and No as card buttons on Web Chat, in German too', async () => {
    const chat = new Chat({ knowledge: unsure, channelId: 'webchat' });
    await chat.send('Deutsch');
    const replies = await chat.send('mein WLAN bricht ständig ab');
    expect(buttons(replies).map((b) => b.title)).toEqual(['Ja', 'Nein']);
    await play(chat, [[{ click: buttons(replies)[0]!.value }, /Schritt 1/]]);
  });
});

describe('no answer', () => {
  it.each([
    ['en', 'asdf qwerty', /I'm sorry, I don't have an answer for that yet[\s\S]*Talk to a person/],
    ['en', '🙂', /I'm sorry, I don't have an answer for that yet/],
  ])('%s: "%s" gets an honest no-answer and the offer of a person', async (_l, nonsense, expected) => {
    await play(new Chat(), [[nonsense, expected]]);
  });

  it('counts misses in a row and takes a rephrasing as a new try', async () => {
    const chat = new Chat();
    await play(chat, [
      ['asdf qwerty', /don't have an answer/],
      ['🙂', /don't have an answer/],
    ]);
    expect((await chat.caseFile())?.consecutiveMisses).toBe(2);
    expect((await chat.caseFile())?.descriptions).toEqual(['asdf qwerty', '🙂']);
    await play(chat, [['my wifi keeps disconnecting', /Step 1 of 7/]]);
    expect((await chat.caseFile())?.consecutiveMisses).toBe(0);
  });

  it.each([
    ['en', 'Talk to a person', /can't pass this chat on to a person yet/],
    ['de', 'Nein, danke', /suche ich noch einmal/],
  ])('%s: the offer can be answered with "%s"', async (lang, answer, expected) => {
    const chat = new Chat();
    if (lang === 'de') await chat.send('Deutsch');
    await play(chat, [
      ['asdf qwerty', /\?/],
      [answer, expected],
    ]);
  });

  it('accepts the offer from a card button', async () => {
    const chat = new Chat({ channelId: 'directline' });
    const replies = await chat.send('asdf qwerty');
    expect(buttons(replies).map((b) => b.title)).toEqual(['Talk to a person', 'No, thanks']);
    await play(chat, [[{ click: 'human' }, /can't pass this chat on to a person yet/]]);
    expect((await chat.caseFile())?.outcome).toBe('handoffRequested');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
