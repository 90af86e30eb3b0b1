import fs from 'node:fs';
import path from 'node:path';
import { KnowledgeService } from '../../../../src/knowledge';
import { silentLogger } from '../../../../src/logging';
import { BROKEN_ARTICLE, capturingLogger, copyGoodKb, testConfig } from './kb-test-env';
import { shippedContent } from '../../../helpers/shipped-content';

let dir: string;
let service: KnowledgeService | undefined;
beforeEach(() => {
  dir = copyGoodKb();
});
afterEach(() => {
  service?.close();
  service = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

const enFile = (): string => path.join(dir, 'kb/network.wifi/wifi-cannot-connect.en.md');

describe('KnowledgeService', () => {
  it('loads articles, matches questions and labels topics', () => {
    service = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config: testConfig(dir),
      logger: silentLogger(),
    });
    expect(service.articles()).toHaveLength(8);
    const response = service.match('my wifi keeps disconnecting all the time', { language: 'en' });
    expect(response.results[0]).toMatchObject({
      kind: 'article',
      id: 'wifi-cannot-connect',
      topic: 'network.wifi',
    });
    expect(service.topicLabel('network.wifi', 'de')).toBe('WLAN');
    expect(service.topicLabel('printer', 'ro')).toBe('Imprimantă');
    expect(service.topicLabel('not.a-topic', 'pl')).toBe('not.a-topic');
  });

  it('returns the requested language, or says which language it fell back to', () => {
    fs.writeFileSync(
      path.join(dir, 'kb/printer/toner-empty.en.md'),
      fs
        .readFileSync(path.join(dir, 'kb/printer/printer-offline.en.md'), 'utf8')
        .replace('id: printer-offline', 'id: toner-empty'),
    );
    service = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config: testConfig(dir, { DEFAULT_LANGUAGE: 'en' }),
      logger: silentLogger(),
    });
    expect(service.getArticle('printer-offline', 'pl')).toMatchObject({ language: 'pl', fallback: false });
    const fallback = service.getArticle('toner-empty', 'de');
    expect(fallback).toMatchObject({ language: 'en', fallback: true });
    expect(fallback?.article.id).toBe('toner-empty');
    expect(service.getArticle('no-such-article', 'en')).toBeUndefined();
  });

  it('reload swaps in a changed knowledge base', async () => {
    service = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config: testConfig(dir),
      logger: silentLogger(),
    });
    fs.writeFileSync(
      enFile(),
      fs.readFileSync(enFile(), 'utf8').replace(/^title: .*$/m, 'title: Wireless trouble'),
    );
    const result = await service.reload();
    expect(result).toMatchObject({ reloaded: true, articles: 8, errors: [] });
    expect(service.getArticle('wifi-cannot-connect', 'en')?.article.title).toBe('Wireless trouble');
  });

  it('keeps the old knowledge base when the new one has errors, and logs them', async () => {
    const log = capturingLogger();
    service = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config: testConfig(dir),
      logger: log.logger,
    });
    const before = service.articles();
    fs.writeFileSync(path.join(dir, 'kb/printer/broken-placeholder.en.md'), BROKEN_ARTICLE);
    fs.writeFileSync(
      enFile(),
      fs.readFileSync(enFile(), 'utf8').replace(/^title: .*$/m, 'title: Should not appear'),
    );

    const result = await service.reload();
    expect(result.reloaded).toBe(false);
    expect(result.errors.map((e) => e.code)).toEqual(['unknown-placeholder']);
    expect(service.articles()).toBe(before);
    expect(service.getArticle('wifi-cannot-connect', 'en')?.article.title).toContain("Wi-Fi won't connect");
    expect(service.match('laptop will not connect to the wireless', { language: 'en' }).results[0]?.id).toBe(
      'wifi-cannot-connect',
    );
    const messages = log.lines().map((l) => `${l.msg} ${String(l.problem ?? '')}`);
    expect(messages.some((m) => m.includes('keeping the previous version'))).toBe(true);
    expect(messages.some((m) => m.includes('unknown placeholder {{org.hotline}}'))).toBe(true);

    fs.rmSync(path.join(dir, 'kb/printer/broken-placeholder.en.md'));
    expect(await service.reload()).toMatchObject({ reloaded: true });
    expect(service.getArticle('wifi-cannot-connect', 'en')?.article.title).toBe('Should not appear');
  });

  it('does not let translation gaps block a reload', async () => {
    service = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config: testConfig(dir),
      logger: silentLogger(),
    });
    fs.rmSync(path.join(dir, 'kb/printer/printer-offline.ro.md'));
    const result = await service.reload();
    expect(result.reloaded).toBe(true);
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['missing-translation', 'topic-coverage']);
    expect(service.getArticle('printer-offline', 'ro')).toMatchObject({ fallback: true });
  });

  it('watches the folder and reloads after edits when KB_WATCH is on', async () => {
    service = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config: testConfig(dir, { KB_WATCH: 'true' }),
      logger: silentLogger(),
    });
    expect(service.watch()).toBe(true);
    fs.writeFileSync(
      enFile(),
      fs.readFileSync(enFile(), 'utf8').replace(/^title: .*$/m, 'title: Edited while watching'),
    );
    const deadline = Date.now() + 5000;
    while (service.getArticle('wifi-cannot-connect', 'en')?.article.title !== 'Edited while watching') {
      if (Date.now() > deadline) throw new Error('watcher did not reload within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('does not watch when KB_WATCH is off', () => {
    service = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config: testConfig(dir),
      logger: silentLogger(),
    });
    expect(service.watch()).toBe(false);
  });
});
