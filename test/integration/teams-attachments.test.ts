import { FakeConnector, connectorActivity } from '../helpers/fake-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('pasted'),
]);
const PDF = Buffer.from('%PDF-1.7\nreport\n');
// The bot's turns run on a machine shared with other suites: allow for a slow one.
jest.setTimeout(60_000);

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/**
 * Files a Teams user sends the bot in a 1:1 chat, against a local fake Bot Connector: inline
 * images and file links are fetched from allowed hosts only, kept like web chat uploads and
 * acknowledged; nothing is fetched from other hosts or in group chats.
 */
describe('attachments from Teams 1:1 chats', () => {
  let running: RunningApp;
  const connector = new FakeConnector();
  let serviceUrl: string;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    connector.files.set('/v3/attachments/img-1/views/original', PNG);
    connector.files.set('/files/report.pdf?tempauth=abc123', PDF);
    running = await startApp({ ATTACHMENT_DOWNLOAD_HOSTS: '127.0.0.1' });
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  const post = (activity: Record<string, unknown>) =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });

  it('keeps a pasted image and a file sent in a 1:1 chat and says so', async () => {
    const conversation = { id: 'a:1teams-files', conversationType: 'personal', tenantId: 'tenant-1' };
    const res = await post(
      connectorActivity(serviceUrl, {
        conversation,
        text: 'here is the error',
        attachments: [
          { contentType: 'image/png', contentUrl: `${serviceUrl}/v3/attachments/img-1/views/original` },
          {
            contentType: FILE_DOWNLOAD_INFO,
            name: 'report.pdf',
            contentUrl: `${serviceUrl}/sites/report.pdf`,
            content: { downloadUrl: `${serviceUrl}/files/report.pdf?tempauth=abc123`, fileType: 'pdf' },
          },
          { contentType: 'text/html', content: '<p>here is the error</p>' },
        ],
      }),
    );
    expect(res.status).toBe(200);
    const ack = await waitForReply(conversation.id, /Got it/);
    expect(ack).toContain('“image”, “report.pdf”');
    // Both are stored in the same millisecond, so their order in the list is not defined.
    const files = (await running.app.storage.attachments.listByConversation(conversation.id)).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    expect(files.map((f) => [f.name, f.mediaType, f.channelId, f.userId])).toEqual([
      ['image', 'image/png', 'msteams', '29:user-aad-id'],
      ['report.pdf', 'application/pdf', 'msteams', '29:user-aad-id'],
    ]);
    expect((await running.app.storage.attachments.read(files[1]!.id))?.equals(PDF)).toBe(true);
    // The download link (with its own token) is not kept in the transcript.
    const transcript = JSON.stringify(await running.app.storage.transcripts.list(conversation.id));
    expect(transcript).not.toContain('tempauth');
    expect(transcript).toContain(files[0]!.id);
  });

  it('fetches nothing from a host that is not allowed, and tells the user', async () => {
    const conversation = { id: 'a:1teams-elsewhere', conversationType: 'personal', tenantId: 'tenant-1' };
    const before = connector.fileRequests.length;
    const elsewhere = serviceUrl.replace('127.0.0.1', 'localhost');
    await post(
      connectorActivity(serviceUrl, {
        conversation,
        text: '',
        attachments: [
          {
            contentType: FILE_DOWNLOAD_INFO,
            name: 'notes.txt',
            content: { downloadUrl: `${elsewhere}/files/report.pdf?tempauth=abc123` },
          },
        ],
      }),
    );
    await waitForReply(conversation.id, /can't fetch “notes\.txt” from where it is stored/);
    expect(connector.fileRequests.length).toBe(before);
    expect(await running.app.storage.attachments.listByConversation(conversation.id)).toEqual([]);
  });

  it('fetches nothing in a group chat', async () => {
    const conversation = { id: '19:group-chat', conversationType: 'groupChat', tenantId: 'tenant-1' };
    const before = connector.fileRequests.length;
    const res = await post(
      connectorActivity(serviceUrl, {
        conversation,
        text: 'printer is broken',
        attachments: [
          { contentType: 'image/png', contentUrl: `${serviceUrl}/v3/attachments/img-1/views/original` },
        ],
      }),
    );
    // /api/messages answers once the turn has finished: the answer is the idle barrier.
    expect(res.status).toBe(200);
    expect(connector.fileRequests.length).toBe(before);
    expect(await running.app.storage.attachments.listByConversation(conversation.id)).toEqual([]);
  });

  async function waitForReply(conversationId: string, pattern: RegExp): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = connector
        .messages(conversationId)
        .map((m) => m.activity.text ?? '')
        .find((text) => pattern.test(text));
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no reply like ${pattern}: ${JSON.stringify(connector.messages(conversationId).map((m) => m.activity.text))}`,
        );
      await connector
        .waitForMessages(connector.messages(conversationId).length + 1, conversationId, 500)
        .catch(() => undefined);
    }
  }
});
