import { LexicalIndex } from '../../../src/knowledge/matcher/lexical-index';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

/**
 * A bug inside the matcher is not "no answer": the matcher logs it and throws, the turn fails,
 * and the user gets the generic error (which the conversation tests catch), on the real app.
 * The fault is injected into the ranking for one marked question only; every other question
 * goes through the real matcher.
 */
const FAULTY = 'my printer is not printing anything';

describe('an unexpected matcher error on the production wiring', () => {
  let running: RunningApp;
  const recorded = errorRecorder();
  const users: WebChatUser[] = [];
  const score = LexicalIndex.prototype.score;
  let armed = false;

  beforeAll(async () => {
    running = await startApp({}, recorded.logger);
    jest.spyOn(LexicalIndex.prototype, 'score').mockImplementation(function (this: LexicalIndex, query) {
      if (armed) throw new Error('index corrupted');
      return score.call(this, query);
    });
  }, 120_000); // start-up on a loaded machine is not the test's business
  afterAll(async () => {
    jest.restoreAllMocks();
    for (const user of users) user.end();
    await running.stop();
  });

  it('logs the error, fails the turn and answers with the generic error', async () => {
    const user = await WebChatUser.start(running.url, 'en-US');
    users.push(user);
    armed = true;
    const replies = await user.say(FAULTY).finally(() => {
      armed = false;
    });
    expect(replies.map(shown)).toEqual([TURN_ERRORS[0]]);
    const logged = recorded.errors.map(
      (line) => JSON.parse(line) as { msg: string; err?: { message: string } },
    );
    expect(logged.map((l) => l.msg)).toEqual(['matcher failed', 'turn failed']);
    expect(logged[0]?.err?.message).toBe('index corrupted');
    expect(JSON.stringify(logged)).not.toContain(FAULTY);

    // The same question without the fault gets a real answer: the failure was the matcher's alone.
    recorded.errors.length = 0;
    const answer = (await user.say(FAULTY)).map(shown).join('\n');
    expect(answer).not.toBe('');
    expect(TURN_ERRORS).not.toContain(answer);
    expect(recorded.errors).toEqual([]);
  });
});
