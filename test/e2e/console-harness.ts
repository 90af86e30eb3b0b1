import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

export { alwaysOpenSupportFile } from '../helpers/support-hours';

/** Creates a technician with the operator CLI against the server's DATA_DIR; returns id and API token. */
export async function addTechnician(
  dataDir: string,
  name: string,
  role: 'technician' | 'lead' | 'admin',
  env: Record<string, string> = {},
  skills: readonly string[] = [],
): Promise<{ id: string; token: string }> {
  const skillArgs = skills.length > 0 ? ['--skills', skills.join(',')] : [];
  const { stdout } = await run(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'firstline.js'),
      'technicians',
      'add',
      name,
      '--role',
      role,
      ...skillArgs,
      '--json',
    ],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...env } },
  );
  const created = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { id?: string; token?: string };
  if (!created.id || !created.token) throw new Error(`technicians add printed no id/token: ${stdout}`);
  return { id: created.id, token: created.token };
}

/** Signs in on the console page with an API token, as a technician would. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.locator('#login-token').fill(token);
  await page.locator('#login-form button[type="submit"]').click();
  await page.locator('#app-view').waitFor({ state: 'visible' });
  await page.locator('#connection[data-state="live"]').waitFor({ timeout: 15_000 });
}

/** The console transcript's lines as "role: text". */
export async function consoleTranscript(page: Page): Promise<string[]> {
  return page.$$eval('#transcript .msg', (items) =>
    items.map((item) => {
      const role = (item.className.match(/msg-(user|bot|technician)/) ?? [])[1] ?? '?';
      return `${role}: ${(item.querySelector('.msg-body')?.textContent ?? '').trim()}`;
    }),
  );
}

export async function waitForConsoleLine(page: Page, role: string, text: string, timeoutMs = 20_000) {
  await page.waitForFunction(
    ({ role, text }) =>
      Array.from(document.querySelectorAll(`#transcript .msg-${role} .msg-body`)).some((el) =>
        (el.textContent ?? '').includes(text),
      ),
    { role, text },
    { timeout: timeoutMs, polling: 100 },
  );
}

/** Calls the console API with a bearer API token (no browser), e.g. to read the stored ticket. */
export async function apiCall<T>(
  baseUrl: string,
  token: string,
  method: string,
  url: string,
  body?: unknown,
) {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Asks for a person in the web chat as a user would, answers "Yes" when the bot first checks the
 * topic, and returns the ticket number the bot then names.
 */
export async function askForPerson(
  userPage: Page,
  texts: { confirmTopic: string; yes: string },
  timeoutMs = 20_000,
): Promise<string> {
  const before = ticketNumbers(await userPage.locator('body').innerText()).length;
  await sendText(userPage, 'talk to a person');
  const deadline = Date.now() + timeoutMs;
  let confirmed = false;
  while (Date.now() < deadline) {
    const shown = await userPage.locator('body').innerText();
    const numbers = ticketNumbers(shown);
    if (numbers.length > before) return numbers[numbers.length - 1] ?? '';
    if (!confirmed && shown.includes(texts.confirmTopic)) {
      confirmed = true;
      await sendText(userPage, texts.yes);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`no ticket number within ${timeoutMs} ms: ${await userPage.locator('body').innerText()}`);
}

function ticketNumbers(text: string): string[] {
  return text.match(/HD-\d+/g) ?? [];
}

async function sendText(page: Page, text: string): Promise<void> {
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(text);
  await input.press('Enter');
}
