import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import { addTechnician, alwaysOpenSupportFile } from './console-harness';

export interface ConsoleWorld {
  firstline: FirstLineProcess;
  tech: { id: string; token: string };
  /** A new page; its console errors and failed requests fail the suite at the end. */
  open(): Promise<Page>;
}

/**
 * One real server (open around the clock) and one browser for a describe block, with a technician
 * named `name`. Registers beforeAll/afterAll; afterAll fails on any problem a page reported.
 */
export function useConsoleWorld(
  name: string,
  role: 'technician' | 'lead',
  options: { skills?: readonly string[] } = {},
): ConsoleWorld {
  let browser: TestBrowser | undefined;
  const watched: WatchedPage[] = [];
  const world = {
    open: async () => {
      if (!browser) throw new Error('the browser is not running');
      const w = await browser.newPage();
      watched.push(w);
      return w.page;
    },
  } as ConsoleWorld;

  beforeAll(async () => {
    const [firstline, launched] = await Promise.all([
      startFirstLine({
        SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
        ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
      }),
      launchBrowser({ locale: 'en-US' }),
    ]);
    world.firstline = firstline;
    browser = launched;
    world.tech = await addTechnician(firstline.dataDir, name, role, {}, options.skills);
  });

  afterAll(async () => {
    const problems = watched.flatMap((w) => w.problems);
    // E2E_LOGS=1 shows what the server logged (set LOG_LEVEL too for more than warnings).
    if (process.env.E2E_LOGS === '1') process.stderr.write(world.firstline?.output() ?? '');
    await browser?.close();
    await world.firstline?.dispose();
    expect(problems).toEqual([]);
  });

  return world;
}
