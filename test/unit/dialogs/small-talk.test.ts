import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultContentPaths, loadContent } from '../../../src/content';
import { SmallTalkRecogniser } from '../../../src/dialogs/small-talk';
import type { Lang } from '../../../src/i18n/languages';
import { shippedContent, SHIPPED_CONTENT_DIR } from '../../helpers/shipped-content';

const recogniser = new SmallTalkRecogniser(shippedContent().smallTalk!);

describe('small talk', () => {
  it.each([
    ['en', 'hi', 'greeting'],
    ['en', 'Hello there!', 'greeting'],
    ['en', 'thanks!', 'thanks'],
    ['en', 'ok thank you very much :)', 'thanks'],
    ['en', 'thanks, bye', 'goodbye'],
    ['en', 'are you a bot?', 'identity'],
    ['en', 'hi, what can you do?', 'capabilities'],
    ['de', 'danke schön!', 'thanks'],
    ['de', 'Guten Morgen', 'greeting'],
    ['de', 'Tschüss', 'goodbye'],
    ['de', 'Bist du ein Bot?', 'identity'],
    ['de', 'Was kannst du?', 'capabilities'],
    ['pl', 'dzięki', 'thanks'],
    ['pl', 'Dzień dobry', 'greeting'],
    ['pl', 'ok, to wszystko', 'goodbye'],
    ['pl', 'czy jesteś botem?', 'identity'],
    ['pl', 'co potrafisz?', 'capabilities'],
    ['ro', 'mulțumesc', 'thanks'],
    ['ro', 'Bună ziua!', 'greeting'],
    ['ro', 'la revedere', 'goodbye'],
    ['ro', 'ești un bot?', 'identity'],
    ['ro', 'ce poți face?', 'capabilities'],
  ] as const)('[%s] "%s" is %s', (lang, text, kind) => {
    expect(recogniser.smallTalk(text, lang)?.kind).toBe(kind);
  });

  it('recognises small talk in another language than the chat', () => {
    expect(recogniser.smallTalk('danke', 'en')).toEqual({ kind: 'thanks', language: 'de' });
  });

  it.each([
    ['en', 'hi, my vpn is broken'],
    ['en', "thanks, but it still doesn't work"],
    ['en', 'no thanks'],
    ['de', 'Hallo, mein Drucker druckt nicht'],
    ['de', 'danke, aber es geht immer noch nicht'],
    ['pl', 'cześć, nie działa mi VPN'],
    ['pl', 'dzięki, ale dalej nie działa'],
    ['ro', 'bună, nu merge imprimanta'],
    ['ro', 'mulțumesc, dar tot nu merge'],
  ] as const)('[%s] "%s" is not small talk', (lang, text) => {
    expect(recogniser.smallTalk(text, lang)).toBeUndefined();
  });
});

describe('out of scope', () => {
  it.each([
    ['en', "what's the weather tomorrow?", 'general'],
    ['en', 'when do I get my payslip?', 'hr'],
    ['en', 'how many holidays do I have left?', 'hr'],
    ['en', 'my chair is broken', 'facilities'],
    ['en', 'the meeting room is too cold', 'facilities'],
    ['de', 'Wie wird das Wetter?', 'general'],
    ['de', 'Wie viele Urlaubstage habe ich noch?', 'hr'],
    ['de', 'Mein Bürostuhl ist kaputt', 'facilities'],
    ['pl', 'jaka będzie pogoda?', 'general'],
    ['pl', 'kiedy wypłata?', 'hr'],
    ['pl', 'zepsuło się krzesło', 'facilities'],
    ['ro', 'cum e vremea mâine?', 'general'],
    ['ro', 'când primesc salariul?', 'hr'],
    ['ro', 'scaunul meu e stricat', 'facilities'],
  ] as const)('[%s] "%s" is for %s', (lang, text, area) => {
    expect(recogniser.outOfScope(text, lang)?.area).toBe(area);
  });

  it.each([
    ['en', "I can't log in to the payroll portal"],
    ['en', 'the HR app crashes'],
    ['de', 'Ich kann mich nicht im Urlaubsportal anmelden'],
    ['pl', 'nie mogę zalogować się do portalu urlopowego'],
    ['ro', 'nu pot intra în aplicația de concedii'],
    // Booking rooms, automatic replies for a holiday and roaming are answered by IT articles.
    ['en', 'I need to book a meeting room'],
    ['en', 'set an auto reply for my vacation'],
    ['pl', 'roaming na delegację do USA'],
    ['ro', 'unde e biroul IT?'],
    // Badges are the knowledge base's (security.lost-badge), even at a door.
    ['en', 'I lost my badge'],
    ['de', 'Badge funktioniert nicht an der Tür'],
    ['pl', 'zgubiłem identyfikator'],
    ['ro', 'mi-am pierdut ecusonul'],
  ] as const)('[%s] "%s" names something IT and stays in scope', (lang, text) => {
    expect(recogniser.outOfScope(text, lang)).toBeUndefined();
  });
});

describe('feedback', () => {
  it.each([
    ['en', 'the VPN guide was useless', 'negative', 'vpn'],
    ['en', 'the printer steps were great', 'positive', 'printer'],
    ['en', 'your article about Outlook is outdated', 'negative', 'outlook'],
    ['en', 'those instructions were not helpful', 'negative', ''],
    ['de', 'Die VPN-Anleitung war nutzlos', 'negative', 'vpn'],
    ['de', 'Die Schritte für den Drucker waren super', 'positive', 'drucker'],
    ['pl', 'instrukcja VPN była bezużyteczna', 'negative', 'vpn'],
    ['pl', 'artykuł o Outlooku jest nieaktualny', 'negative', 'outlooku'],
    ['ro', 'ghidul pentru VPN a fost inutil', 'negative', 'vpn'],
    ['ro', 'pașii pentru imprimantă au fost foarte utili', 'positive', 'imprimanta'],
  ] as const)('[%s] "%s" is %s feedback (rest "%s")', (lang, text, sentiment, rest) => {
    expect(recogniser.feedback(text, lang as Lang)).toMatchObject({ sentiment, rest });
  });

  it.each([
    ['en', 'my VPN is useless today'],
    ['en', 'the printer is great but prints blank pages'],
    ['de', 'der Drucker ist kaputt'],
    ['pl', 'drukarka nie drukuje'],
    ['ro', 'imprimanta nu printează'],
  ] as const)('[%s] "%s" is a problem, not feedback', (lang, text) => {
    expect(recogniser.feedback(text, lang)).toBeUndefined();
  });
});

describe('small-talk content check', () => {
  it('accepts the shipped content', () => {
    expect(shippedContent().smallTalk).toBeDefined();
  });

  it('reports unknown topics, missing pointers and areas missing in one language, each at its line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'small-talk-'));
    fs.cpSync(SHIPPED_CONTENT_DIR, dir, { recursive: true });
    const edit = (lang: string, from: string | RegExp, to: string) => {
      const file = path.join(dir, 'small-talk', `${lang}.yaml`);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
    };
    edit('de', '- id: facilities', '- id: buildings');
    edit('pl', '{pointer}', 'kadr');
    edit('en', /topic: network\.vpn\b/, 'topic: network.nowhere');
    const { content, problems } = loadContent(defaultContentPaths(dir));
    const text = problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`).join('\n');
    expect(text).toMatch(/en\.yaml:\d+: startTopics: "network\.nowhere" is not a topic/);
    expect(text).toMatch(/de\.yaml:\d+: outOfScope\.areas: ids .*buildings/);
    expect(text).toMatch(/pl\.yaml:\d+: outOfScope\.reply: must contain \{subject\} and \{pointer\}/);
    expect(content).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
