import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { errorRecorder } from './web-chat-user';

/**
 * The app as createApp builds it, with the service desk always open, for one describe block: started
 * before its tests, stopped after them, and every test fails if a turn logged an error.
 */
export function alwaysOpenApp(): Pick<RunningApp, 'url' | 'app'> {
  let running: RunningApp | undefined;
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(() => running?.stop());
  const started = (): RunningApp => {
    if (!running) throw new Error('the app is not started yet');
    return running;
  };
  return {
    get url() {
      return started().url;
    },
    get app() {
      return started().app;
    },
  };
}
