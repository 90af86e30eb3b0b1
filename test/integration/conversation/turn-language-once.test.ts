import * as languageDetect from '../../../src/knowledge/matcher/language-detect';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

/**
 * One message is read for its language once: the bot's language
 * decision and the router's match share the reading (the turn context carries it).
 */
describe('the language of a message on the production wiring', () => {
  let running: RunningApp;
  const recorded = errorRecorder();
  let user: WebChatUser;

  beforeAll(async () => {
    running = await startApp({}, recorded.logger);
    user = await WebChatUser.start(running.url, 'en-US');
  }, 120_000); // start-up on a loaded machine is not the test's business
  afterAll(async () => {
    jest.restoreAllMocks();
    user.end();
    await running.stop();
  });

  it.each([
    ['en', 'my printer is not printing anything', /printer/i],
    ['de', 'Mein Drucker druckt nicht mehr', /Drucker/],
  ])('%s: detected once, answered in that language', async (_lang, text, answer) => {
    const detections = jest.spyOn(languageDetect, 'detectLanguage');
    const replies = (await user.say(text)).map(shown).join('\n');
    expect(detections).toHaveBeenCalledTimes(1);
    expect(replies).toMatch(answer);
    expect(TURN_ERRORS).not.toContain(replies);
    expect(recorded.errors).toEqual([]);
    jest.restoreAllMocks();
  });
});
