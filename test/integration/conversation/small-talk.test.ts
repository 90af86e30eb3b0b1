import type { FeedbackRecord } from '../../../src/feedback';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown, type ChatActivity } from './web-chat-user';

type Locale = 'en-US' | 'de-DE' | 'pl-PL' | 'ro-RO';

/** "I don't have an answer" (catalogue key `noAnswer`) in each language. */
const NO_ANSWER = /don't have an answer|keine Antwort|nie mam (jeszcze )?odpowiedzi|nu am un răspuns/;
const PERSON_CARD =
  /Would you like to talk to a person\?|Möchten Sie mit einem Menschen sprechen\?|Czy chcesz porozmawiać z człowiekiem\?|Doriți să vorbiți cu un om\?/;

const LANGUAGES: Record<
  Locale,
  {
    greeting: [string, RegExp];
    thanks: [string, RegExp];
    goodbye: [string, RegExp];
    identity: [string, RegExp];
    capabilities: [string, RegExp];
    topicsTitle: RegExp;
    weather: [string, RegExp];
    hr: [string, RegExp];
    facilities: [string, RegExp];
    vpnWithGreeting: string;
    thanksButBroken: string;
    gibberish: [string, string, string];
    useless: string;
  }
> = {
  'en-US': {
    greeting: ['hi', /^Hello! Tell me in a sentence/],
    thanks: ['thanks!', /^You're welcome!/],
    goodbye: ['ok bye', /^Goodbye, and have a good day!/],
    identity: ['are you a bot?', /a bot, not a person/],
    capabilities: ['what can you do?', /^I help with IT problems/],
    topicsTitle: /Often asked:\n\[VPN\]\n\[Password reset\]\n\[Outlook\]\n\[Printer\]\n\[Wi-Fi\]/,
    weather: [
      "what's the weather like tomorrow?",
      /^I can help with IT problems only; for the weather.*search engine/,
    ],
    hr: ['how many holidays do I have left?', /^I can help with IT problems only; for pay, holidays.*ask HR/],
    facilities: ['my chair is broken', /^I can help with IT problems only; for chairs.*ask Facilities/],
    vpnWithGreeting: 'hi, my vpn is broken',
    thanksButBroken: "thanks, but it still doesn't work",
    gibberish: ['qwx zzv', 'vvq xkk', 'zqq wvx'],
    useless: 'this is useless',
  },
  'de-DE': {
    greeting: ['Hallo', /^Hallo! Beschreiben Sie in einem Satz/],
    thanks: ['danke!', /^Gern geschehen!/],
    goodbye: ['tschüss', /^Auf Wiedersehen/],
    identity: ['Bist du ein Bot?', /ein Bot, kein Mensch/],
    capabilities: ['Was kannst du?', /^Ich helfe bei IT-Problemen/],
    topicsTitle: /Häufige Themen:\n\[VPN\]\n\[Passwort zurücksetzen\]\n\[Outlook\]\n\[Drucker\]\n\[WLAN\]/,
    weather: [
      'Wie wird das Wetter morgen?',
      /^Ich kann nur bei IT-Problemen helfen; für Wetter.*Suchmaschine/,
    ],
    hr: [
      'Wie viele Urlaubstage habe ich noch?',
      /^Ich kann nur bei IT-Problemen helfen; für Gehalt, Urlaub.*Personalabteilung/,
    ],
    facilities: [
      'Mein Stuhl ist kaputt',
      /^Ich kann nur bei IT-Problemen helfen; für Stühle.*Facility-Management/,
    ],
    vpnWithGreeting: 'Hallo, mein VPN verbindet sich nicht',
    thanksButBroken: 'danke, aber es geht immer noch nicht',
    gibberish: ['qwx zzv', 'vvq xkk', 'zqq wvx'],
    useless: 'Das ist doch völlig nutzlos!',
  },
  'pl-PL': {
    greeting: ['cześć', /^Cześć! Opisz w jednym zdaniu/],
    thanks: ['dzięki', /^Nie ma za co!/],
    goodbye: ['to wszystko, pa', /^Do widzenia i miłego dnia!/],
    identity: ['czy jesteś botem?', /bot, nie człowiek/],
    capabilities: ['co potrafisz?', /^Pomagam w problemach z IT/],
    topicsTitle: /Najczęstsze tematy:\n\[VPN\]\n\[Reset hasła\]\n\[Outlook\]\n\[Drukarka\]\n\[Wi-Fi\]/,
    weather: ['jaka jutro będzie pogoda?', /^Pomagam tylko w sprawach IT; w sprawie pogody.*wyszukiwarki/],
    hr: [
      'ile mam jeszcze dni urlopu?',
      /^Pomagam tylko w sprawach IT; w sprawie wynagrodzeń, urlopów.*działu kadr/,
    ],
    facilities: [
      'zepsuło mi się krzesło',
      /^Pomagam tylko w sprawach IT; w sprawie krzeseł.*administracji budynku/,
    ],
    vpnWithGreeting: 'cześć, nie działa mi VPN',
    thanksButBroken: 'dzięki, ale dalej nie działa',
    gibberish: ['qwx zzv', 'vvq xkk', 'zqq wvx'],
    useless: 'to jest bezużyteczne',
  },
  'ro-RO': {
    greeting: ['bună', /^Bună! Descrieți într-o propoziție/],
    thanks: ['mulțumesc', /^Cu plăcere!/],
    goodbye: ['la revedere', /^La revedere și o zi bună!/],
    identity: ['ești un bot?', /un bot, nu un om/],
    capabilities: ['ce poți face?', /^Ajut la probleme IT/],
    topicsTitle: /Întrebate des:\n\[VPN\]\n\[Resetare parolă\]\n\[Outlook\]\n\[Imprimantă\]\n\[Wi-Fi\]/,
    weather: ['cum e vremea mâine?', /^Pot ajuta doar cu probleme IT; pentru vreme.*motor de căutare/],
    hr: [
      'câte zile de concediu mai am?',
      /^Pot ajuta doar cu probleme IT; pentru salariu, concedii.*resurse umane/,
    ],
    facilities: [
      'mi s-a stricat scaunul',
      /^Pot ajuta doar cu probleme IT; pentru scaune.*administrația clădirii/,
    ],
    vpnWithGreeting: 'bună, nu se conectează VPN-ul',
    thanksButBroken: 'mulțumesc, dar tot nu merge',
    gibberish: ['qwx zzv', 'vvq xkk', 'zqq wvx'],
    useless: 'ești un bot inutil',
  },
};

const VPN_ANSWER = /VPN/;

describe('small talk, scope and the offer of a person through the real Direct Line endpoint', () => {
  let running: RunningApp;
  const users: WebChatUser[] = [];
  const recorded = errorRecorder();
  beforeAll(async () => {
    // Every test is a new chat from one address: more than the default budget of new chats a minute.
    running = await startApp({ RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000' }, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(async () => {
    for (const user of users) user.end();
    await running.stop();
  });

  async function chat(locale: Locale): Promise<WebChatUser> {
    const user = await WebChatUser.start(running.url, locale);
    users.push(user);
    return user;
  }

  async function one(user: WebChatUser, text: string): Promise<string> {
    const replies = await user.say(text);
    expectNoTurnError(replies);
    return replies.map(shown).join('\n---\n');
  }

  describe.each(Object.keys(LANGUAGES) as Locale[])('%s', (locale) => {
    const lang = LANGUAGES[locale];

    it('welcomes with the most asked topics as buttons, and a button starts its topic', async () => {
      const user = await chat(locale);
      expect(user.welcome.map(shown).join('\n')).toMatch(lang.topicsTitle);
      const replies = await user.click({ firstlineChoice: 'topic:network.vpn' });
      expectNoTurnError(replies);
      expect(replies.map(shown).join('\n')).toMatch(VPN_ANSWER);
    });

    it('answers greetings, thanks, goodbyes, "are you a bot?" and "what can you do?" briefly', async () => {
      const user = await chat(locale);
      for (const kind of ['greeting', 'thanks', 'identity', 'goodbye'] as const) {
        const [text, reply] = lang[kind];
        const said = await one(user, text);
        expect(said).toMatch(reply);
        expect(said).not.toMatch(NO_ANSWER);
      }
      const [text, reply] = lang.capabilities;
      const said = await one(user, text);
      expect(said).toMatch(reply);
      expect(said).toMatch(lang.topicsTitle);
    });

    it('points questions outside IT elsewhere, without the IT "no answer" or the person card', async () => {
      const user = await chat(locale);
      for (const [text, reply] of [lang.weather, lang.hr, lang.facilities]) {
        const said = await one(user, text);
        expect(said).toMatch(reply);
        expect(said).not.toMatch(NO_ANSWER);
        expect(said).not.toMatch(PERSON_CARD);
      }
    });

    it('does not take real problems for small talk', async () => {
      const user = await chat(locale);
      expect(await one(user, lang.vpnWithGreeting)).toMatch(VPN_ANSWER);
      const said = await one(user, lang.thanksButBroken);
      expect(said).not.toMatch(lang.thanks[1]);
      expect(said).not.toMatch(lang.goodbye[1]);
    });

    it('offers the "talk to a person" card once, not on every later reply', async () => {
      const user = await chat(locale);
      const [first, second, third] = lang.gibberish;
      const firstReply = await one(user, first);
      expect(firstReply).toMatch(NO_ANSWER);
      expect(firstReply).toMatch(PERSON_CARD);
      expect(await one(user, second)).not.toMatch(PERSON_CARD);
      expect(await one(user, lang.thanks[0])).not.toMatch(PERSON_CARD);
      expect(await one(user, third)).not.toMatch(PERSON_CARD);
    });

    it('does not offer the card again after the frustration offer', async () => {
      const user = await chat(locale);
      const frustrated = await one(user, lang.useless);
      expect(frustrated).toMatch(/\[.+\]/);
      const miss = await one(user, lang.gibberish[0]);
      expect(miss).toMatch(NO_ANSWER);
      expect(miss).not.toMatch(PERSON_CARD);
    });
  });

  describe('feedback on the help', () => {
    const feedback = () => running.app.storage.collection<FeedbackRecord>('feedback').find();

    it.each([
      [
        'en-US',
        'my vpn does not connect',
        'the VPN guide was useless',
        'negative',
        'network.vpn',
        'named',
        /noted your feedback on VPN/,
      ],
      [
        'en-US',
        'my vpn does not connect',
        'the printer steps were great',
        'positive',
        'printer',
        'named',
        /glad the help on Printer/,
      ],
      [
        'en-US',
        'my vpn does not connect',
        'your article about Outlook is outdated',
        'negative',
        'email.outlook',
        'named',
        /feedback on Outlook/,
      ],
      [
        'en-US',
        'my vpn does not connect',
        'those instructions were not helpful',
        'negative',
        'network.vpn',
        'conversation',
        /feedback on VPN/,
      ],
      [
        'de-DE',
        'Mein VPN verbindet sich nicht',
        'Die Anleitung war veraltet',
        'negative',
        'network.vpn',
        'conversation',
        /Rückmeldung; ich habe sie zu VPN notiert/,
      ],
      [
        'pl-PL',
        'VPN nie chce się połączyć',
        'instrukcja do drukarki była super',
        'positive',
        'printer',
        'named',
        /pomoc w temacie Drukarka się przydała/,
      ],
      [
        'ro-RO',
        'VPN-ul nu se conectează',
        'ghidul a fost neclar',
        'negative',
        'network.vpn',
        'conversation',
        /am notat părerea despre VPN/,
      ],
    ] as const)(
      '[%s] after "%s": "%s" is %s feedback on %s (%s), acknowledged and stored',
      async (locale, problem, text, sentiment, topic, about, reply) => {
        const user = await chat(locale);
        await one(user, problem);
        const said = await one(user, text);
        expect(said).toMatch(reply);
        expect(said).not.toMatch(NO_ANSWER);
        const stored = (await feedback()).find((r) => r.conversationId === user.conversationId);
        expect(stored).toMatchObject({
          text,
          sentiment,
          topic,
          about,
          channelId: 'directline',
          userId: expect.any(String),
        });
      },
    );

    // Teams sends HTML, and remarks pasted from a mail or a web page keep their markup.
    it.each([
      [
        'en-US',
        '<p style="margin:0;font-family:Segoe UI,sans-serif;font-size:14px;color:#333333">the VPN guide was <b>useless</b></p>',
        'the VPN guide was useless',
        'negative',
        /noted your feedback on VPN/,
      ],
      [
        'de-DE',
        '<div class="x_elementToProof" style="font-family:Calibri,Arial,Helvetica,sans-serif;font-size:12pt">Die Anleitung zum Drucker war&nbsp;<strong>super</strong></div>',
        'Die Anleitung zum Drucker war super',
        'positive',
        /Drucker/,
      ],
      [
        'pl-PL',
        '<p><span style="font-family:Aptos,Aptos_EmbeddedFont,Aptos_MSFontService,Calibri,Helvetica,sans-serif;font-size:12pt">Instrukcja VPN była bezużyteczna</span></p>',
        'Instrukcja VPN była bezużyteczna',
        'negative',
        /VPN/,
      ],
      [
        'ro-RO',
        '<div dir="ltr" style="font-family:Segoe UI,Tahoma,sans-serif;font-size:11pt;color:rgb(0,0,0)">Ghidul pentru imprimantă a fost <em>foarte util</em></div>',
        'Ghidul pentru imprimantă a fost foarte util',
        'positive',
        /Imprimant/,
      ],
    ] as const)(
      '[%s] a remark sent with markup is feedback, stored as its text',
      async (locale, text, plain, sentiment, reply) => {
        const user = await chat(locale);
        const said = await one(user, text);
        expect(said).toMatch(reply);
        expect(said).not.toMatch(NO_ANSWER);
        const stored = (await feedback()).find((r) => r.conversationId === user.conversationId);
        expect(stored).toMatchObject({ text: plain, sentiment });
      },
    );

    it('a complaint that is also frustration gets one acknowledgement, then the offer of a person', async () => {
      const user = await chat('en-US');
      await one(user, 'my vpn does not connect');
      const replies = await user.say('the VPN guide was useless, please fix it');
      expectNoTurnError(replies);
      const texts = replies.map(shown);
      expect(texts).toHaveLength(2);
      expect(texts[0]).toMatch(/noted your feedback on VPN/);
      expect(texts[1]).toMatch(/I'm sorry this is so frustrating[\s\S]*\[Talk to a person\]/);
    });
  });
});

function expectNoTurnError(replies: readonly ChatActivity[]): void {
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
}
