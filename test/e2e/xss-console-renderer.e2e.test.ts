import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';
import {
  armTrap,
  cspViolationReported,
  inspectRendered,
  loadPayloads,
  settled,
} from '../fixtures/xss/xss-trap';

// The console's own renderer (plain text and its Markdown subset) in the real page, under the
// real CSP, against all 150 payloads at once. The hand-over tests send the same payloads through
// the whole system; this one pins the renderer down on its own and checks what it does render.
jest.setTimeout(120_000);

describe('console renderer against XSS payloads', () => {
  let firstline: FirstLineProcess;
  let browser: TestBrowser;

  beforeAll(async () => {
    [firstline, browser] = await Promise.all([startFirstLine(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await firstline?.dispose();
  });

  it('renders every payload as inert text, as Markdown and as plain text', async () => {
    const payloads = loadPayloads();
    expect(payloads).toHaveLength(150);
    const { page } = await browser.newPage();
    const report = await armTrap(page);
    await page.goto(`${firstline.url}/console`);
    await page.waitForFunction(
      () => 'FirstLineConsole' in window && 'dom' in (window as never)['FirstLineConsole'],
    );

    const texts = await page.evaluate((all) => {
      const FL = (window as unknown as { FirstLineConsole: { dom: Record<string, (s: string) => Node> } })
        .FirstLineConsole;
      const host = document.createElement('div');
      host.id = 'xss-host';
      document.body.appendChild(host);
      return all.map((payload, i) => {
        const md = document.createElement('div');
        md.className = 'rendered md';
        md.dataset.n = String(i + 1);
        md.appendChild(FL.dom.markdown!(payload));
        const plain = document.createElement('div');
        plain.className = 'rendered plain';
        plain.appendChild(FL.dom.plainText!(payload));
        host.append(md, plain);
        return plain.textContent;
      });
    }, payloads);
    // Plain text keeps every character, so the technician sees exactly what was sent.
    expect(texts).toEqual(payloads);
    // Give event handlers, autofocus, animations and image loads a chance to fire.
    await page.mouse.move(200, 200);
    await page.keyboard.press('Tab');
    await settled(page);

    expect(await inspectRendered(page, '#xss-host .rendered')).toEqual([]);
    expect(await report()).toEqual({ hits: [], dialogs: [], cspViolations: [], attackerRequests: [] });
    await page.close();
  });

  it('control: the trap does catch markup that is injected as HTML', async () => {
    const { page } = await browser.newPage();
    const report = await armTrap(page);
    await page.goto(`${firstline.url}/console`);
    await page.evaluate(() => {
      const host = document.createElement('div');
      host.className = 'rendered';
      // What a careless renderer would do; the CSP blocks the handler, and the trap must see it.
      host.innerHTML = '<img src="x" onerror="__xssHit(1)"><a href="javascript:__xssHit(2)">x</a>';
      document.body.appendChild(host);
    });
    await cspViolationReported(page);
    const findings = await inspectRendered(page, '.rendered');
    expect(findings).toEqual(expect.arrayContaining(['element <img>', '<img onerror>']));
    expect(findings.some((f) => f.startsWith('link javascript:'))).toBe(true);
    expect((await report()).cspViolations.length).toBeGreaterThan(0);
    await page.close();
  });

  it('still renders harmless Markdown: emphasis, code, lists and safe links only', async () => {
    const { page } = await browser.newPage();
    await page.goto(`${firstline.url}/console`);
    await page.waitForFunction(() => 'FirstLineConsole' in window);
    const html = await page.evaluate(() => {
      const FL = (window as unknown as { FirstLineConsole: { dom: { markdown(s: string): Node } } })
        .FirstLineConsole;
      const box = document.createElement('div');
      box.appendChild(
        FL.dom.markdown(
          '**Restart** the *VPN* client with `vpn --reset`.\n\n1. Open [the portal](https://portal.example.com/x?a=1&b=2)\n2. Sign in\n\n' +
            '[bad](javascript:alert(1)) ![logo](https://cdn.example.com/logo.png) see https://help.example.com/vpn.',
        ),
      );
      return box.innerHTML;
    });
    expect(html).toContain('<strong>Restart</strong>');
    expect(html).toContain('<em>VPN</em>');
    expect(html).toContain('<code>vpn --reset</code>');
    expect(html).toMatch(
      /<ol><li>Open <a href="https:\/\/portal\.example\.com\/x\?a=1&amp;b=2" target="_blank" rel="noopener noreferrer nofollow"/,
    );
    expect(html).toContain('<li>Sign in</li>');
    // A javascript: link stays text; an image becomes a link to it and is never loaded.
    expect(html).toContain('[bad](javascript:alert(1))');
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('>Image: logo</a>');
    expect(html).toContain('href="https://help.example.com/vpn"');
    // Whole Markdown (markdown-it): headings, quotes and tables, still built element by element.
    const blocks = await page.evaluate(() => {
      const FL = (window as unknown as { FirstLineConsole: { dom: { markdown(s: string): Node } } })
        .FirstLineConsole;
      const box = document.createElement('div');
      box.appendChild(
        FL.dom.markdown(
          '## **Printer** jammed\n\n> tray 2\n\n| floor | model |\n| --- | --- |\n| 3 | HP <b>M479</b> |',
        ),
      );
      return box.innerHTML;
    });
    expect(blocks).toContain('<p class="md-heading"><strong>Printer</strong> jammed</p>');
    expect(blocks).toContain('<blockquote><p>tray 2</p></blockquote>');
    expect(blocks).toContain('<td>HP &lt;b&gt;M479&lt;/b&gt;</td>');
    expect(blocks).not.toContain('**');
    await page.close();
  });
});
