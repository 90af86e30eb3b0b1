import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppHandoff, Handoff } from '../../src/handoff';
import type { Technician } from '../../src/technicians';
import { startApp, type RunningApp } from '../helpers/in-process-app';

const ALWAYS_OPEN = `timeZone: UTC
queues: { printer: { skills: [workplace] } }
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;
const MAX_BYTES = 64 * 1024;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000dIHDR-not-a-real-image-but-a-png-signature'),
]);
const SVG = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);

interface Logged {
  type: string;
  text?: string;
  from: { role?: string };
  attachments?: {
    contentType: string;
    name?: string;
    contentUrl?: string;
    content?: { body?: { text?: string }[] };
  }[];
  channelData?: Record<string, unknown>;
}

/**
 * Files from the web chat: Direct Line's upload route (the one route that reads multipart) checks
 * the token before reading, reads in memory with limits, keeps what the content says is a
 * screenshot, PDF or text, and the console serves it only to technicians who may see the chat.
 */
describe('attachments from the web chat', () => {
  let running: RunningApp;
  let handoff: AppHandoff;
  let anna: { technician: Technician; token: string };
  let bert: { technician: Technician; token: string };
  let tempDir: string;
  const previousTmp = process.env.TMPDIR;

  beforeAll(async () => {
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, ALWAYS_OPEN);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-upload-data-'));
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-upload-tmp-'));
    process.env.TMPDIR = tempDir;
    running = await startApp({
      SUPPORT_CONFIG_FILE: support,
      DATA_DIR: dataDir,
      ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
      ATTACHMENT_MAX_FILES: '2',
    });
    handoff = running.app.handoff!;
    const technician = { languages: ['en' as const], availability: 'online' as const };
    anna = await handoff.technicians.create({ name: 'Anna', skills: ['workplace'], ...technician });
    bert = await handoff.technicians.create({ name: 'Bert', skills: ['identity'], ...technician });
  });
  afterAll(async () => {
    await running.stop();
    process.env.TMPDIR = previousTmp;
    if (previousTmp === undefined) delete process.env.TMPDIR;
  });

  async function startChat() {
    const res = await fetch(`${running.url}/v3/directline/conversations`, { method: 'POST' });
    return (await res.json()) as { conversationId: string; token: string };
  }

  function form(files: { name: string; type: string; content: Buffer }[], activity: object = {}) {
    const body = new FormData();
    const template = { type: 'message', from: { id: 'web-user' }, ...activity };
    body.append(
      'activity',
      new Blob([JSON.stringify(template)], { type: 'application/vnd.microsoft.activity' }),
    );
    for (const file of files)
      body.append('file', new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
    return body;
  }

  function upload(
    chat: { conversationId: string; token?: string },
    body: FormData | ReadableStream<Uint8Array>,
    headers: Record<string, string> = {},
  ) {
    return fetch(`${running.url}/v3/directline/conversations/${chat.conversationId}/upload?userId=web-user`, {
      method: 'POST',
      headers: { ...(chat.token ? { authorization: `Bearer ${chat.token}` } : {}), ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
  }

  async function log(chat: { conversationId: string; token: string }): Promise<Logged[]> {
    const res = await fetch(`${running.url}/v3/directline/conversations/${chat.conversationId}/activities`, {
      headers: { authorization: `Bearer ${chat.token}` },
    });
    return ((await res.json()) as { activities: Logged[] }).activities;
  }

  async function waitForBot(
    chat: { conversationId: string; token: string },
    pattern: RegExp,
  ): Promise<string> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const texts = (await log(chat))
        .filter((a) => a.from.role === 'bot')
        .map((a) =>
          [
            a.text ?? '',
            ...(a.attachments ?? []).flatMap((c) => (c.content?.body ?? []).map((b) => b.text ?? '')),
          ].join('\n'),
        );
      const found = texts.find((text) => pattern.test(text));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no bot message like ${pattern}: ${JSON.stringify(texts)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const stored = (conversationId: string) =>
    running.app.storage.attachments.listByConversation(conversationId);

  it('keeps a screenshot with its conversation, shows it as a file chip and acknowledges it', async () => {
    const chat = await startChat();
    const res = await upload(
      chat,
      form([{ name: 'C:\\Users\\me\\error shot.png', type: 'image/png', content: PNG }], {
        text: 'this is the error',
      }),
    );
    expect(res.status).toBe(200);
    const files = await stored(chat.conversationId);
    expect(files).toEqual([
      expect.objectContaining({
        name: 'error shot.png',
        mediaType: 'image/png',
        size: PNG.length,
        channelId: 'directline',
      }),
    ]);
    expect((await running.app.storage.attachments.read(files[0]!.id))?.equals(PNG)).toBe(true);
    const echoed = (await log(chat)).find((a) => a.from.role === 'user' && a.text === 'this is the error');
    // Web Chat shows a user's attachment without thumbnail or URL as a file chip with its size.
    expect(echoed?.attachments).toEqual([{ contentType: 'image/png', name: 'error shot.png' }]);
    expect(echoed?.channelData).toMatchObject({ attachmentSizes: [PNG.length] });
    await waitForBot(chat, /Got it: “error shot\.png”/);
    expect(fs.readdirSync(tempDir)).toEqual([]);
  });

  it("acknowledges in the user's language", async () => {
    const chat = await startChat();
    await upload(chat, form([{ name: 'fehler.png', type: 'image/png', content: PNG }], { locale: 'de-DE' }));
    await waitForBot(chat, /^Erhalten: “fehler\.png”/);
    const svg = await startChat();
    await upload(svg, form([{ name: 'bild.svg', type: 'image/svg+xml', content: SVG }], { locale: 'pl-PL' }));
    await waitForBot(svg, /Nie mogę przyjąć pliku “bild\.svg”/);
  });

  it('decides the type from the content: an SVG named .png is refused and the user is told why', async () => {
    const chat = await startChat();
    const res = await upload(chat, form([{ name: 'shot.png', type: 'image/png', content: SVG }]));
    expect(res.status).toBe(200);
    expect(await stored(chat.conversationId)).toEqual([]);
    await waitForBot(chat, /couldn't keep “shot\.png”: I can take screenshots \(PNG or JPG\)/);
    // A file without words is not a question: no "I didn't catch any text".
    expect((await log(chat)).some((a) => /didn't catch any text/.test(a.text ?? ''))).toBe(false);
  });

  it('keeps a text log with secrets removed', async () => {
    const chat = await startChat();
    const log = Buffer.from('12:00 login failed\nmy password is Hunter2!xyz\n');
    await upload(chat, form([{ name: 'app.log', type: 'application/octet-stream', content: log }]));
    const [file] = await stored(chat.conversationId);
    expect(file?.mediaType).toBe('text/plain');
    const kept = (await running.app.storage.attachments.read(file!.id))?.toString() ?? '';
    expect(kept).toContain('login failed');
    expect(kept).not.toContain('Hunter2!xyz');
  });

  it('checks the token before reading: 401 without one, 403 for another conversation, nothing stored', async () => {
    const chat = await startChat();
    const other = await startChat();
    const body = () => form([{ name: 'shot.png', type: 'image/png', content: PNG }]);
    expect((await upload({ conversationId: chat.conversationId }, body())).status).toBe(401);
    expect((await upload({ conversationId: chat.conversationId, token: other.token }, body())).status).toBe(
      403,
    );
    expect(await stored(chat.conversationId)).toEqual([]);
    expect(await stored(other.conversationId)).toEqual([]);
    expect(fs.readdirSync(tempDir)).toEqual([]);
  });

  it('answers a chunked upload beyond ATTACHMENT_MAX_BYTES with 413 and keeps nothing', async () => {
    const chat = await startChat();
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_BYTES * 4, 0x41)]);
    const encoded = new Response(form([{ name: 'big.png', type: 'image/png', content: big }]));
    const type = encoded.headers.get('content-type')!;
    const bytes = Buffer.from(await encoded.arrayBuffer());
    const res = await upload(chat, chunked(bytes, 64), { 'content-type': type });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PayloadTooLarge' } });
    expect(await stored(chat.conversationId)).toEqual([]);
    expect(fs.readdirSync(tempDir)).toEqual([]);
  });

  it('answers more files than ATTACHMENT_MAX_FILES with 413 and keeps none of them', async () => {
    const chat = await startChat();
    const three = [1, 2, 3].map((i) => ({ name: `s${i}.png`, type: 'image/png', content: PNG }));
    expect((await upload(chat, form(three))).status).toBe(413);
    expect(await stored(chat.conversationId)).toEqual([]);
  });

  it('refuses other bodies on the upload route with 415 before reading them', async () => {
    const chat = await startChat();
    const res = await fetch(`${running.url}/v3/directline/conversations/${chat.conversationId}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
      body: '{"type":"message"}',
    });
    expect(res.status).toBe(415);
  });

  it('serves the file only to technicians who may see the conversation, never as a page', async () => {
    const chat = await startChat();
    const say = (text: string) =>
      fetch(`${running.url}/v3/directline/conversations/${chat.conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${chat.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text }),
      });
    await say('my printer on the 3rd floor is jammed');
    await say('I want to talk to a person');
    await waitForBot(chat, /is it about \*\*Printer\*\*\?/);
    await say('yes');
    await waitForBot(chat, /opened ticket/);
    const queued = (await handoff.queue.ownerOf(chat.conversationId)) as Handoff;
    expect((await handoff.desk.claim(queued.id, anna.technician)).ok).toBe(true);
    const text = Buffer.from('<html><body>not markup, says the sniffer? no: a log</body></html>\n');
    await upload(
      chat,
      form([
        { name: 'shot.png', type: 'image/png', content: PNG },
        { name: 'page.txt', type: 'text/plain', content: text },
      ]),
    );
    const [file] = await stored(chat.conversationId);
    expect(file?.mediaType).toBe('image/png');
    // The HTML file was refused (markup), so only the screenshot is kept.
    expect(await stored(chat.conversationId)).toHaveLength(1);

    const url = `${running.url}/api/console/attachments/${file!.id}`;
    const get = (token?: string) =>
      fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await get()).status).toBe(401);
    expect((await get('flt_not-a-token')).status).toBe(401);
    // Bert has other skills and no part in this hand-over: not found, like any other id.
    const forBert = await get(bert.token);
    expect(forBert.status).toBe(404);
    expect(await forBert.json()).toEqual({ error: { code: 'NotFound', message: 'No such attachment.' } });
    expect(
      (
        await fetch(`${running.url}/api/console/attachments/nope`, {
          headers: { authorization: `Bearer ${anna.token}` },
        })
      ).status,
    ).toBe(404);

    const forAnna = await get(anna.token);
    expect(forAnna.status).toBe(200);
    expect(Buffer.from(await forAnna.arrayBuffer()).equals(PNG)).toBe(true);
    expect(forAnna.headers.get('content-type')).toBe('image/png');
    expect(forAnna.headers.get('x-content-type-options')).toBe('nosniff');
    expect(forAnna.headers.get('content-disposition')).toMatch(/^inline; filename="shot\.png"/);
    expect(forAnna.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);

    // The ticket lists the file, and the transcript and live event name it.
    const ticket = await fetch(`${running.url}/api/console/tickets/${queued.ticketId}`, {
      headers: { authorization: `Bearer ${anna.token}` },
    });
    expect(((await ticket.json()) as { files: { id: string }[] }).files.map((f) => f.id)).toEqual([file!.id]);
    const events = (await running.app.storage.events.list('console', 0, 1000)).map((e) => e.event);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'message',
        handoffId: queued.id,
        files: [expect.objectContaining({ id: file!.id })],
      }),
    );
    const transcript = await running.app.storage.transcripts.list(chat.conversationId);
    expect(transcript.some((e) => e.files?.some((f) => f.id === file!.id))).toBe(true);
  });

  it('serves a PDF or text file as a download, never inline', async () => {
    const chat = await startChat();
    const pdf = Buffer.from('%PDF-1.4\n%fake but signed\n');
    await upload(chat, form([{ name: 'report.pdf', type: 'application/pdf', content: pdf }]));
    const [file] = await stored(chat.conversationId);
    const lead = await handoff.technicians.create({
      name: 'Lea',
      role: 'lead',
      skills: [],
      languages: ['en'],
      availability: 'online',
    });
    const res = await fetch(`${running.url}/api/console/attachments/${file!.id}`, {
      headers: { authorization: `Bearer ${lead.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="report\.pdf"/);
  });
});

/** The body as a stream of `pieces` chunks, so it is sent without a Content-Length. */
function chunked(body: Buffer, pieces: number): ReadableStream<Uint8Array> {
  const size = Math.ceil(body.length / pieces);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= body.length) return controller.close();
      controller.enqueue(new Uint8Array(body.subarray(offset, offset + size)));
      offset += size;
    },
  });
}
