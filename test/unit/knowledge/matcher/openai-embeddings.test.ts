import { OpenAiEmbeddings } from '../../../../src/knowledge/matcher/openai-embeddings';
import { Matcher, type MatchDocument } from '../../../../src/knowledge/matcher';
import {
  hashedBagOfWords,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../../../helpers/openai-compatible-server';
import { shippedContent } from '../../../helpers/shipped-content';

const docs: MatchDocument[] = [
  {
    kind: 'article',
    id: 'a',
    topic: 't.a',
    title: 'Printer offline',
    language: 'en',
    examples: ['printer shows offline'],
    tags: [],
    body: '',
  },
  {
    kind: 'article',
    id: 'b',
    topic: 't.b',
    title: 'Printer paper jam',
    language: 'en',
    examples: ['paper stuck in the printer tray'],
    tags: [],
    body: '',
  },
];

describe('OpenAiEmbeddings through the real openai client', () => {
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await startFakeOpenAiServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('returns one vector per input, in input order, in batches', async () => {
    const provider = new OpenAiEmbeddings({
      apiKey: 'test-key',
      baseURL: server.baseURL,
      model: 'emb-test',
      batchSize: 2,
    });
    const texts = ['printer offline', 'paper jam', 'vpn down'];
    const vectors = await provider.embed(texts);
    expect(vectors).toEqual(texts.map((t) => hashedBagOfWords(t)));
    expect(server.requests.map((r) => r.input)).toEqual([['printer offline', 'paper jam'], ['vpn down']]);
    expect(server.requests[0]?.model).toBe('emb-test');
    expect(server.requests[0]?.authorization).toBe('Bearer test-key');
    expect(server.requests[0]?.encodingFormat).toBe('float');
  });

  it('hybrid ranking uses the embeddings and still answers', async () => {
    const provider = new OpenAiEmbeddings({ apiKey: 'k', baseURL: server.baseURL });
    const matcher = Matcher.build(docs, { synonyms: shippedContent().synonyms, embeddings: provider });
    const r = await matcher.matchHybrid('printer paper tray jam', { language: 'en' });
    expect(r.results[0]?.id).toBe('b');
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests[0]?.input[0]).toBe('printer paper tray jam');
  });

  it('falls back to lexical ranking when the provider fails', async () => {
    const failing = await startFakeOpenAiServer({ failWith: 500 });
    try {
      const provider = new OpenAiEmbeddings({ apiKey: 'k', baseURL: failing.baseURL, timeoutMs: 2000 });
      const matcher = Matcher.build(docs, { synonyms: shippedContent().synonyms, embeddings: provider });
      const hybrid = await matcher.matchHybrid('paper stuck in tray', { language: 'en' });
      expect(hybrid).toEqual(matcher.match('paper stuck in tray', { language: 'en' }));
      expect(failing.requests.length).toBeGreaterThan(0);
    } finally {
      await failing.close();
    }
  });

  it('without embeddings matchHybrid equals match', async () => {
    const matcher = Matcher.build(docs, { synonyms: shippedContent().synonyms });
    expect(await matcher.matchHybrid('printer offline')).toEqual(matcher.match('printer offline'));
  });
});
