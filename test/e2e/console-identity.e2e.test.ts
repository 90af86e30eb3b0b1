import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { launchBrowser, type TestBrowser, type WatchedPage } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import { addTechnician, alwaysOpenSupportFile, signIn } from './console-harness';

// A real server, a web chat user whose identity the host site signed, a lead in the real console.
jest.setTimeout(180_000);

const SECRET = 'the-intranet-and-firstline-share-this-secret-42';

describe('technicians see who a verified web chat user is', () => {
  let firstline: FirstLineProcess;
  let browser: TestBrowser;
  let lead: { id: string; token: string };
  const watched: WatchedPage[] = [];

  beforeAll(async () => {
    [firstline, browser] = await Promise.all([
      startFirstLine({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(), WEBCHAT_IDENTITY_SECRET: SECRET }),
      launchBrowser({ locale: 'en-US' }),
    ]);
    lead = await addTechnician(firstline.dataDir, 'Tess Lead', 'lead');
  });

  afterAll(async () => {
    const problems = watched.flatMap((w) => w.problems);
    await browser?.close();
    await firstline?.dispose();
    expect(problems).toEqual([]);
  });

  /** A web chat user talking over Direct Line with the host site's signed identity. */
  async function verifiedUser(claims: Record<string, string>) {
    const iat = Math.floor(Date.now() / 1000);
    const identity = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(new TextEncoder().encode(SECRET));
    const issued = (await (
      await fetch(`${firstline.url}/api/webchat/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity }),
      })
    ).json()) as { conversationId: string; token: string };
    const activities = `${firstline.url}/v3/directline/conversations/${issued.conversationId}/activities`;
    const headers = { authorization: `Bearer ${issued.token}`, 'content-type': 'application/json' };
    const botTexts = async () =>
      (
        (await (await fetch(activities, { headers })).json()) as {
          activities: {
            from: { role?: string };
            text?: string;
            attachments?: { content?: { body?: { text?: string }[] } }[];
          }[];
        }
      ).activities
        .filter((a) => a.from.role === 'bot')
        .map((a) =>
          [
            a.text ?? '',
            ...(a.attachments ?? []).flatMap((c) => (c.content?.body ?? []).map((b) => b.text ?? '')),
          ].join('\n'),
        );
    return {
      async say(text: string) {
        const res = await fetch(activities, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'message', text }),
        });
        expect(res.status).toBe(200);
      },
      async waitFor(pattern: RegExp) {
        for (const deadline = Date.now() + 15_000; ; await sleep(100)) {
          if ((await botTexts()).some((t) => pattern.test(t))) return;
          if (Date.now() > deadline)
            throw new Error(`no bot message matched ${pattern}: ${(await botTexts()).join(' | ')}`);
        }
      },
    };
  }

  it('by name in the bot chats and the queue, and with the e-mail address on the conversation', async () => {
    const w = await browser.newPage();
    watched.push(w);
    const { page } = w;
    await signIn(page, firstline.url, lead.token);

    const ada = await verifiedUser({
      sub: 'intranet-ada',
      name: 'Ada Lovelace',
      email: 'ada.lovelace@contoso.example',
    });
    await ada.say('the printer on floor 3 is jammed');
    await page.locator('#botchats-list .bot-chat', { hasText: 'Ada Lovelace' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#botchats-list').textContent()).not.toContain('Web chat user');

    await ada.say('I want to talk to a person');
    await ada.waitFor(/Before I pass this on to a technician|I've opened ticket/);
    await ada.say('yes');
    await ada.waitFor(/I've opened ticket/);
    const queued = page.locator('#queue-list .queue-item', { hasText: 'Ada Lovelace' });
    await queued.waitFor({ timeout: 30_000 });
    await queued.locator('.queue-open').click();
    await page
      .locator('#conv-meta', { hasText: 'ada.lovelace@contoso.example' })
      .waitFor({ timeout: 15_000 });
    expect(await page.locator('#conv-meta').textContent()).toContain('User: Ada Lovelace');
  });
});
