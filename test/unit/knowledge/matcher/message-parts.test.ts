import { ClauseReader, WORKING_CLAUSE_WEIGHT } from '../../../../src/knowledge/matcher/clauses';
import { Matcher, type MatchDocument } from '../../../../src/knowledge/matcher';
import { kindFactor, RequestCues } from '../../../../src/knowledge/matcher/request-cues';
import type { Lang } from '../../../../src/i18n/languages';
import { shippedContent } from '../../../helpers/shipped-content';
import { shippedWordLists } from '../../../../src/words';

function doc(id: string, language: Lang, title: string, examples: string[]): MatchDocument {
  return { kind: 'article', id, topic: id, title, language, examples, tags: [], body: '' };
}

function top(matcher: Matcher, text: string, language: Lang): string | undefined {
  return matcher.match(text, { language }).results[0]?.topic;
}

describe('clauses saying what still works', () => {
  const reader = new ClauseReader();

  it.each<[Lang, string, string]>([
    ['en', 'no network through the dock, wifi works fine', 'wifi'],
    ['de', 'Kein Netz über das Dock, aber das WLAN funktioniert', 'wlan'],
    ['pl', 'brak sieci przez stację, wifi działa', 'wifi'],
    ['ro', 'nu am rețea prin dock, pe wifi merge', 'wifi'],
    ['de', 'Die Kamera bleibt in Zoom schwarz, in Teams geht sie', 'teams'],
  ])('%s: weighs down the working clause of "%s"', (lang, text, working) => {
    const clauses = reader.read(text, lang);
    expect(clauses?.map((c) => c.weight)).toEqual([1, WORKING_CLAUSE_WEIGHT]);
    expect(clauses?.[1]?.tokens.words).toContain(working);
  });

  it.each<[Lang, string]>([
    ['en', 'wifi is not working'],
    ['en', 'the dock works, the wifi works too'],
    ['en', 'sorry, but Word has an error that stops it from working correctly'],
    ['en', 'does the dock work with wifi?'],
    ['en', 'dock not working, wifi not working either'],
    ['de', 'das WLAN funktioniert nicht, aber das Dock funktioniert nicht mehr'],
    ['ro', 'laptopul merge foarte greu, pot primi unul nou?'],
    // "geht" says it works only at the end of a clause.
    ['de', 'Meine Kollegin geht in Rente, ihr Postfach soll bleiben'],
    ['de', 'Es geht um den Drucker, er druckt nicht'],
  ])('%s: reads "%s" whole', (lang, text) => {
    expect(reader.read(text, lang)).toBeUndefined();
  });

  it('lets the broken part decide between two neighbouring topics', () => {
    const matcher = Matcher.build(
      [
        doc('network.wifi', 'en', 'Wi-Fi does not connect', ['wifi not connecting', 'wifi keeps dropping']),
        doc('hardware.docking', 'en', 'Docking station problems', [
          'dock not working',
          'no network cable through the dock',
        ]),
      ],
      { synonyms: shippedContent().synonyms },
    );
    expect(top(matcher, 'wifi works fine, but the dock network cable does nothing', 'en')).toBe(
      'hardware.docking',
    );
  });
});

describe('requests and fault reports', () => {
  const cues = new RequestCues();

  it.each<[Lang, string, boolean, boolean]>([
    ['en', 'I need a new webcam for the meeting room', true, false],
    ['en', 'my webcam is not working', false, true],
    ['de', 'Wir brauchen Webcams für den Besprechungsraum', true, false],
    ['de', 'Die Webcam geht nicht', false, true],
    ['pl', 'potrzebujemy kamerek do sali', true, false],
    ['pl', 'kamera nie działa', false, true],
    ['ro', 'avem nevoie de camere web', true, false],
    ['ro', 'camera nu merge', false, true],
    ['en', 'webcam', false, false],
    // A quoted message is the program speaking, not the user asking.
    ['en', '"Contact your administrator to request access" on the finance share', false, false],
  ])('%s: "%s" is a request %s, a fault %s', (lang, text, request, fault) => {
    expect(cues.kind(text, lang)).toEqual({ request, fault });
  });

  it('reads a text anew when the language changes, however often the same text is asked about', () => {
    const fresh = new RequestCues();
    for (let round = 0; round < 2; round++) {
      expect(fresh.kind('camera nu merge', 'ro')).toEqual({ request: false, fault: true });
      expect(fresh.kind('camera nu merge', 'ro')).toEqual({ request: false, fault: true });
      expect(fresh.kind('camera nu merge', 'en')).toEqual({ request: false, fault: false });
      expect(fresh.kind('I need a new webcam', 'en')).toEqual({ request: true, fault: false });
    }
  });

  it('the matcher reads kinds with the word lists it was built with (content/words)', () => {
    const words = structuredClone(shippedWordLists());
    words.en!.matching.fault.push('has gone kaput');
    const docs = [doc('hardware.webcam', 'en', 'Webcam', ['webcam not working'])];
    const custom = Matcher.build(docs, { synonyms: shippedContent().synonyms, words });
    const shipped = Matcher.build(docs, { synonyms: shippedContent().synonyms });
    expect(custom.textKind('the webcam has gone kaput', 'en')).toEqual({ request: false, fault: true });
    expect(shipped.textKind('the webcam has gone kaput', 'en')).toEqual({ request: false, fault: false });
    expect(shipped.textKind('Die Webcam geht nicht', 'de')).toEqual({ request: false, fault: true });
  });

  it('learns each document’s lean from its examples and moves scores by the message’s kind', () => {
    const docs = [
      doc('request.new-equipment', 'en', 'Order equipment', ['I need a new monitor', 'can I get a headset']),
      doc('hardware.webcam', 'en', 'Webcam', ['webcam not working', 'camera is black']),
    ];
    const [order = 0, fault = 0] = cues.leanings(docs);
    expect(order).toBe(1);
    expect(fault).toBe(-1);
    expect(kindFactor({ request: true, fault: false }, order)).toBeGreaterThan(1);
    expect(kindFactor({ request: true, fault: false }, fault)).toBeLessThan(1);
    expect(kindFactor({ request: true, fault: true }, fault)).toBe(1);
    const matcher = Matcher.build(docs, { synonyms: shippedContent().synonyms });
    const request = matcher.match('I need a webcam', { language: 'en' }).results;
    const report = matcher.match('the webcam is not working', { language: 'en' }).results;
    const score = (results: typeof request, topic: string) =>
      results.find((r) => r.topic === topic)?.score ?? 0;
    expect(score(request, 'request.new-equipment') / score(request, 'hardware.webcam')).toBeGreaterThan(
      score(report, 'request.new-equipment') / score(report, 'hardware.webcam'),
    );
  });
});
