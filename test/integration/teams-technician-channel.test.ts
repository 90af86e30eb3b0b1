import path from 'node:path';
import { Catalogue } from '../../src/i18n';
import { expectNoCanary } from '../../src/privacy';
import type { Technician } from '../../src/technicians';
import { teamsActivity } from '../fixtures/teams/teams-fixtures';
import { FakeTeamsConnector, type CreatedThread } from '../helpers/fake-teams-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';

const CHANNEL = '19:3c1f0e5b9a2d4c7e8f6a1b2c3d4e5f60@thread.tacv2';
const TENANT = 'b3a1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const JONAS = { name: 'Jonas Weber', aadObjectId: '6a1b2c3d-0000-4000-8000-00000000a001' };
const MARIA = { name: 'Maria Nowak', aadObjectId: '6a1b2c3d-0000-4000-8000-00000000a002' };
const STRANGER = { name: 'Pat Guest', aadObjectId: '6a1b2c3d-0000-4000-8000-00000000a0ff' };
const DISABLED = { name: 'Dora Ex', aadObjectId: '6a1b2c3d-0000-4000-8000-00000000a0d1' };

type Person = typeof JONAS;
interface DirectLineActivity {
  type: string;
  text?: string;
  from: { id: string; role?: string; name?: string };
}

const catalogue = Catalogue.load(path.join(__dirname, '../../content/i18n'));

/** A web chat user on the built-in Direct Line, talking over plain HTTP. */
class WebChatUser {
  private conversationId = '';
  private token = '';
  constructor(private readonly baseUrl: string) {}

  async start(): Promise<this> {
    const res = await fetch(`${this.baseUrl}/v3/directline/conversations`, { method: 'POST' });
    const body = (await res.json()) as { conversationId: string; token: string };
    this.conversationId = body.conversationId;
    this.token = body.token;
    return this;
  }

  get id(): string {
    return this.conversationId;
  }

  async say(text: string): Promise<void> {
    await this.post({ type: 'message', text, from: { id: 'web-user' }, locale: 'en-GB' });
  }

  /** A press on a card button, as Web Chat posts it: the button's data as `value`, no text. */
  async click(data: unknown): Promise<void> {
    await this.post({ type: 'message', value: data, from: { id: 'web-user' }, locale: 'en-GB' });
  }

  private async post(activity: Record<string, unknown>): Promise<void> {
    const res = await fetch(this.url(), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBe(200);
  }

  async log(): Promise<DirectLineActivity[]> {
    const res = await fetch(`${this.url()}?watermark=0`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return ((await res.json()) as { activities: DirectLineActivity[] }).activities;
  }

  async botTexts(): Promise<string[]> {
    return (await this.log())
      .filter((a) => a.type === 'message' && a.from.role === 'bot')
      .map((a) => a.text ?? '');
  }

  async waitForText(match: RegExp | string, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.botTexts()).find((t) =>
        typeof match === 'string' ? t.includes(match) : match.test(t),
      );
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`web chat never showed ${String(match)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private url(): string {
    return `${this.baseUrl}/v3/directline/conversations/${this.conversationId}/activities`;
  }
}

/** Card JSON flattened to its texts, for asserting on what a technician reads. */
function cardTexts(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && ['text', 'title', 'value'].includes(key)) texts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return texts.join('\n');
}

function actionsOf(card: unknown): { verb: string; title: string; data: { handoffId: string } }[] {
  return ((card as { actions?: unknown[] } | undefined)?.actions ?? []) as {
    verb: string;
    title: string;
    data: { handoffId: string };
  }[];
}

describe('technicians take over from a Teams channel', () => {
  const connector = new FakeTeamsConnector();
  let serviceUrl: string;
  let running: RunningApp;
  let messageSeq = 1_700_000_100_000;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    running = await startApp({
      TEAMS_TECHNICIANS_CHANNEL_ID: CHANNEL,
      TEAMS_TECHNICIANS_SERVICE_URL: serviceUrl,
      TEAMS_TENANT_ID: TENANT,
      SUPPORT_CONFIG_FILE: path.join(__dirname, '../fixtures/teams/support-always-open.yaml'),
    });
    const directory = running.app.handoff!.technicians;
    for (const person of [JONAS, MARIA]) {
      await directory.create({
        name: person.name,
        skills: ['*'],
        languages: ['en', 'de'],
        availability: 'online',
        aad: { tenantId: TENANT, objectId: person.aadObjectId },
      });
    }
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

  async function press(
    person: Person,
    thread: CreatedThread,
    verb: string,
    extra: Record<string, string> = {},
  ): Promise<{ status: number; body: { statusCode: number; type: string; value: unknown } }> {
    const card = connector.latestCard(thread);
    const handoffId =
      actionsOf(card)[0]?.data.handoffId ?? thread.parameters.activity?.attachments?.[0]?.content;
    const activity = teamsActivity('card-action-execute.invoke', {
      ...person,
      serviceUrl,
      tenantId: TENANT,
      channelId: CHANNEL,
      rootId: thread.activityId,
      nonce: String(messageSeq++),
      verb,
      title: verb,
      data: JSON.stringify({ handoffId, ...extra }),
    });
    const res = await post(activity);
    return { status: res.status, body: (await res.json()) as never };
  }

  async function reply(person: Person, thread: CreatedThread, text: string): Promise<void> {
    const activity = teamsActivity('thread-reply.message', {
      ...person,
      serviceUrl,
      tenantId: TENANT,
      channelId: CHANNEL,
      rootId: thread.activityId,
      messageId: String(messageSeq++),
      text,
      html: text,
    });
    expect((await post(activity)).status).toBe(200);
  }

  async function newHandoff(problem: string): Promise<{ user: WebChatUser; thread: CreatedThread }> {
    const before = connector.threads.length;
    const user = await new WebChatUser(running.url).start();
    await user.say(problem);
    await user.say('talk to a person');
    // The bot may first check which topic the request is about; the user agrees.
    if (JSON.stringify(await user.log()).includes('Before I pass this on')) await user.say('yes');
    await user.waitForText(/ticket \*\*HD-\d+\*\*/);
    const thread = await connector.waitFor('the hand-over card', () => connector.threads[before]);
    return { user, thread };
  }

  function threadLines(thread: CreatedThread): string[] {
    return connector.messages(thread.conversationId).map((m) => m.activity.text ?? '');
  }

  let first: { user: WebChatUser; thread: CreatedThread };

  it('posts a new hand-over as a card with summary, priority, language and a Claim button', async () => {
    first = await newHandoff('my vpn keeps disconnecting every few minutes');
    const { parameters } = first.thread;
    expect(parameters.isGroup).toBe(true);
    expect(parameters.channelData?.channel?.id).toBe(CHANNEL);
    expect(parameters.tenantId).toBe(TENANT);
    const attachment = parameters.activity?.attachments?.[0];
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment?.content as { version: string };
    expect(card.version).toBe('1.4');
    const texts = cardTexts(card);
    const handoff = (await running.app.handoff!.queue.ownerOf(first.user.id))!;
    expect(handoff.state).toBe('queued');
    expect(texts).toContain(handoff.ticketNumber);
    expect(texts).toMatch(/Normal priority/);
    expect(texts).toContain('English (en)');
    expect(texts).toContain(`Category\n${handoff.category}`);
    expect(texts).toMatch(/vpn keeps disconnecting/i);
    expect(texts).toMatch(/Queued \{\{DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, SHORT\)\}\}/);
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'claim',
        title: 'Claim',
        data: { handoffId: handoff.id },
      }),
    ]);
    // The thread mapping is in storage, where every instance finds it (marked posted once the
    // connector answered, which the relay records after the card arrived: wait for it).
    await running.app.idle();
    const stored = await running.app.storage.collection('teamsThreads').get(handoff.id);
    expect(stored).toMatchObject({ status: 'posted', rootId: first.thread.activityId });
  });

  it('claims from the card: the invoke answer and the channel card show who has it, the user is told', async () => {
    const res = await press(JONAS, first.thread, 'claim');
    expect(res.status).toBe(200);
    expect(res.body.statusCode).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTexts(res.body.value)).toContain('Claimed by Jonas Weber.');
    expect(actionsOf(res.body.value).map((a) => a.verb)).toEqual(['resolve', 'handBack']);
    const handoff = (await running.app.handoff!.queue.ownerOf(first.user.id))!;
    expect(handoff).toMatchObject({ state: 'assigned', assignedToName: 'Jonas Weber' });
    // The ticket follows the claim made in Teams: open, Jonas works it, the history says so.
    expect(await running.app.handoff!.tickets.get(handoff.ticketId)).toMatchObject({
      status: 'open',
      assignee: { id: handoff.assignedTo, name: 'Jonas Weber' },
      history: expect.arrayContaining([
        expect.objectContaining({
          change: 'assignee',
          to: 'Jonas Weber',
          by: expect.objectContaining({ kind: 'technician' }),
        }),
      ]),
    });
    await connector.waitFor('the card update', () =>
      connector.updates.find(
        (u) => u.activityId === first.thread.activityId && cardTexts(u.activity).includes('Claimed by'),
      ),
    );
    const update = connector.updates.find((u) => u.activityId === first.thread.activityId)!;
    expect(update.conversationId).toBe(first.thread.conversationId);
    await first.user.waitForText(catalogue.t('en', 'handoff.joined', { name: 'Jonas Weber' }));
    await connector.waitFor('the claim in the thread history', () =>
      threadLines(first.thread).find((t) => t.includes('Jonas Weber claimed')),
    );
  });

  it('tells a second technician who already has it', async () => {
    const res = await press(MARIA, first.thread, 'claim');
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const texts = cardTexts(res.body.value);
    expect(texts).toMatch(/^Jonas Weber already claimed HD-\d+\./);
    expect(texts).toContain('Claimed by Jonas Weber.');
    expect((await running.app.handoff!.queue.ownerOf(first.user.id))?.assignedToName).toBe('Jonas Weber');
  });

  it('refuses people who are not technicians', async () => {
    const res = await press(STRANGER, first.thread, 'claim');
    expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(res.body.value).toMatch(/not set up as a FirstLine technician/);
  });

  it('refuses a disabled technician, and lets them act again once enabled', async () => {
    const directory = running.app.handoff!.technicians;
    const { technician } = await directory.create({
      name: DISABLED.name,
      skills: ['*'],
      languages: ['en'],
      aad: { tenantId: TENANT, objectId: DISABLED.aadObjectId },
    });
    await directory.setStatus(technician.id, 'disabled');
    const refused = await press(DISABLED, first.thread, 'claim');
    expect(refused.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(refused.body.value).toMatch(/account is disabled/);
    await directory.setStatus(technician.id, 'active');
    const answered = await press(DISABLED, first.thread, 'claim');
    expect(cardTexts(answered.body.value)).toMatch(/^Jonas Weber already claimed HD-\d+\./);
  });

  it("relays the claiming technician's thread replies to the web chat user", async () => {
    await reply(JONAS, first.thread, 'Hi, please quit the VPN client &amp; start it again.');
    const text = await first.user.waitForText('please quit the VPN client');
    // The web chat shows the technician as the sender (from.name), so the text has no name in front.
    expect(text).toBe('Hi, please quit the VPN client & start it again.');
    expect(text).not.toContain('<at>');
    const sent = (await first.user.log()).find((a) => a.text === text);
    expect(sent?.from).toMatchObject({ name: 'Jonas Weber', role: 'bot' });
    const transcript = await running.app.storage.transcripts.list(first.user.id);
    expect(transcript.some((e) => e.from.role === 'technician' && e.text?.includes('quit the VPN'))).toBe(
      true,
    );
  });

  it("relays the user's replies into the card's thread", async () => {
    await first.user.say('Done, it has stayed connected since.');
    const line = await connector.waitFor('the user message in the thread', () =>
      threadLines(first.thread).find((t) => t.includes('stayed connected')),
    );
    expect(line).toBe('User: Done, it has stayed connected since.');
  });

  it("relays a press on one of the bot's earlier cards into the thread as the button's label", async () => {
    await first.user.click({ firstlineChoice: 'handoff-topic-yes', firstlineLabel: 'Yes' });
    const line = await connector.waitFor('the click in the thread', () =>
      threadLines(first.thread).find((t) => t === 'User: Yes'),
    );
    expect(line).toBe('User: Yes');
  });

  it('removes a secret from a thread reply (text and its HTML) before it is relayed or stored', async () => {
    const canary = 'TechTemp7!teams-pw';
    const before = threadLines(first.thread).length;
    await reply(JONAS, first.thread, `your temporary password is ${canary}`);
    const text = await first.user.waitForText('your temporary password is');
    expect(text).toBe('your temporary password is [password removed]');
    await connector.waitFor('the note to the technician', () =>
      threadLines(first.thread)
        .slice(before)
        .find((t) => t.startsWith('A secret (password, key or similar) was removed')),
    );
    const handoff = (await running.app.handoff!.queue.ownerOf(first.user.id))!;
    expectNoCanary(await first.user.log(), canary);
    expectNoCanary(await running.app.storage.transcripts.list(first.user.id), canary);
    expectNoCanary(await running.app.handoff!.tickets.get(handoff.ticketId), canary);
    expectNoCanary(await running.app.storage.events.list('console', 0, 100_000), canary);
  });

  it('does not relay other members of the channel, and tells them', async () => {
    const before = threadLines(first.thread).length;
    await reply(MARIA, first.thread, 'I think it is the DNS, try flushing it');
    const answer = await connector.waitFor('the answer to Maria', () =>
      threadLines(first.thread)
        .slice(before)
        .find((t) => t.includes('not relayed')),
    );
    expect(answer).toMatch(/^Only Jonas Weber writes to the user/);
    await running.app.idle();
    expect((await first.user.botTexts()).join('\n')).not.toContain('DNS');
  });

  it('turns /note into an internal note the user never sees', async () => {
    await reply(MARIA, first.thread, '/note user is on the old VPN profile');
    await connector.waitFor('the note confirmation', () =>
      threadLines(first.thread).find((t) => t.startsWith('Internal note added')),
    );
    const handoff = (await running.app.handoff!.queue.ownerOf(first.user.id))!;
    const ticket = await running.app.handoff!.tickets.get(handoff.ticketId);
    expect(ticket?.notes).toEqual([
      expect.objectContaining({ author: 'Maria Nowak', text: 'user is on the old VPN profile' }),
    ]);
    expect((await first.user.botTexts()).join('\n')).not.toContain('old VPN profile');
  });

  it('resolves from the card with a note: the user is told and the card says so', async () => {
    const empty = await press(JONAS, first.thread, 'resolve');
    expect(cardTexts(empty.body.value)).toMatch(/^Write a short resolution note/);
    const handoff = (await running.app.handoff!.queue.ownerOf(first.user.id))!;
    expect(handoff.state).toBe('assigned');

    const res = await press(JONAS, first.thread, 'resolve', { note: 'Reinstalled the VPN profile' });
    expect(cardTexts(res.body.value)).toContain('Resolved by Jonas Weber.');
    expect(actionsOf(res.body.value)).toEqual([]);
    await first.user.waitForText(
      catalogue.t('en', 'handoff.resolved', { name: 'Jonas Weber', ticket: handoff.ticketNumber }),
    );
    const ticket = await running.app.handoff!.tickets.get(handoff.ticketId);
    expect(ticket?.resolution).toMatchObject({ note: 'Reinstalled the VPN profile', by: 'Jonas Weber' });
    expect(ticket).toMatchObject({ status: 'resolved', assignee: { name: 'Jonas Weber' } });
    expect(ticket?.history?.filter((h) => h.change === 'status').at(-1)).toMatchObject({
      change: 'status',
      from: 'open',
      to: 'resolved',
      by: { kind: 'technician', name: 'Jonas Weber' },
    });
    await connector.waitFor('the resolved card', () =>
      connector.updates.find(
        (u) =>
          u.activityId === first.thread.activityId &&
          cardTexts(u.activity).includes('Resolved by Jonas Weber.'),
      ),
    );
    await connector.waitFor('the resolution in the thread', () =>
      threadLines(first.thread).find((t) =>
        t.endsWith('resolved by Jonas Weber: Reinstalled the VPN profile'),
      ),
    );
    await reply(JONAS, first.thread, 'one more thing');
    await connector.waitFor('the ended answer', () =>
      threadLines(first.thread).find((t) => t.includes('has ended; your message was not relayed')),
    );
  });

  it('hands back from the card: the user is told and the bot answers again', async () => {
    const second = await newHandoff('outlook asks for my password all the time');
    const claimed = await press(MARIA, second.thread, 'claim');
    expect(cardTexts(claimed.body.value)).toContain('Claimed by Maria Nowak.');
    const res = await press(MARIA, second.thread, 'handBack');
    expect(cardTexts(res.body.value)).toContain('Handed back to the bot by Maria Nowak.');
    await second.user.waitForText(catalogue.t('en', 'handoff.handedBack'));
    await connector.waitFor('the handed-back card', () =>
      connector.updates.find(
        (u) =>
          u.activityId === second.thread.activityId &&
          cardTexts(u.activity).includes('Handed back to the bot'),
      ),
    );
    expect(await running.app.handoff!.queue.ownerOf(second.user.id)).toBeUndefined();
    // The conversation is the bot's again: the user's next words answer there, not in the thread.
    const answered = (await second.user.botTexts()).length;
    await second.user.say('thanks, one more question about my printer');
    const deadline = Date.now() + 10_000;
    while ((await second.user.botTexts()).length === answered && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await second.user.botTexts()).length).toBeGreaterThan(answered);
    expect(threadLines(second.thread).join('\n')).not.toContain('one more question');
  });

  it('answers a retried invoke once (idempotent by activity id)', async () => {
    const third = await newHandoff('the printer on floor 3 is jammed');
    const activity = teamsActivity('card-action-execute.invoke', {
      ...JONAS,
      serviceUrl,
      tenantId: TENANT,
      channelId: CHANNEL,
      rootId: third.thread.activityId,
      nonce: 'retry-1',
      verb: 'claim',
      title: 'Claim',
      data: JSON.stringify({ handoffId: actionsOf(connector.latestCard(third.thread))[0]!.data.handoffId }),
    });
    await Promise.all([post(activity), post(activity)]);
    const events = await running.app.storage.events.list('console', 0, 10_000);
    const claims = events.filter(
      (e) =>
        e.event.type === 'handoff.claimed' &&
        e.event.handoffId === actionsOf(connector.latestCard(third.thread))[0]?.data.handoffId,
    );
    expect(claims).toHaveLength(1);
  });

  it('keeps channel messages away from the bot', async () => {
    const general = teamsActivity('thread-reply.message', {
      ...JONAS,
      serviceUrl,
      tenantId: TENANT,
      channelId: CHANNEL,
      rootId: '1699999999999',
      messageId: String(messageSeq++),
      text: 'talk to a person',
      html: 'talk to a person',
    });
    expect((await post(general)).status).toBe(200);
    const conversation = `${CHANNEL};messageid=1699999999999`;
    const [answer] = await connector.waitFor('the answer outside a card thread', () => {
      const found = connector.messages(conversation);
      return found.length > 0 ? found : undefined;
    });
    expect(answer?.activity.text).toMatch(/reply in a card’s thread/);
    expect(await running.app.handoff!.queue.ownerOf(conversation)).toBeUndefined();
  });
});

export type { Technician };
