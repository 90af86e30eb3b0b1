import { ProductionApp } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { LLM_BUDGETS_COLLECTION } from '../../src/llm';
import { visible } from '../dialogs/chat-harness';

/** Without OPENAI_API_KEY and OPENAI_MODEL nothing mentions or calls a language model. */
describe('with no language model configured', () => {
  let app: ProductionApp;
  beforeAll(async () => {
    app = await ProductionApp.start({
      SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
      // An embeddings-only setup: the key alone turns no chat feature on.
      OPENAI_API_KEY: '',
      OPENAI_MODEL: '',
    });
  }, 120_000);
  afterAll(() => app?.stop());

  it('clarifies as before, offers no model routes, and spends no tokens', async () => {
    const chat = app.chat({ locale: 'en-US' });
    const replies = await chat.send('connection problem');
    expect(visible(replies)).toMatch(/Which of these is closest\?|Is this about/);
    expect(visible(replies)).not.toMatch(/guides|language model/i);
    const openApi = JSON.stringify(await (await fetch(`${app.url}/api/openapi.json`)).json());
    expect(openApi).not.toMatch(/getHandoverBriefing|getTranscriptTranslations|language model/);
    expect(await app.running.app.storage.collection(LLM_BUDGETS_COLLECTION).find()).toEqual([]);
  });
});
