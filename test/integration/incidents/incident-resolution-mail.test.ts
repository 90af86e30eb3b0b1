import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { ParsedMail } from 'mailparser';
import { connectorActivity } from '../../helpers/fake-connector';
import { FakeTeamsConnector } from '../../helpers/fake-teams-connector';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type RunningGreenMail,
} from '../../helpers/greenmail';
import { WebChatUser } from '../../helpers/webchat-user';
import type { Incident } from '../../../src/incidents';
import { MINUTE, consoleApi, startIncidentApp, type IncidentWorld } from './incident-helpers';

jest.setTimeout(120_000);

const target = resolveGreenMail();
const describeMail = greenMailTestsEnabled(target, 'incident resolution e-mail (GreenMail)')
  ? describe
  : describe.skip;

const SECRET = 'host-site-and-firstline-share-this-secret-0123456789';
const ANA = { address: 'ana.schmidt@contoso.example', password: 'ana-pw' };
const BOB = { address: 'bob.jones@contoso.example', password: 'bob-pw' };
const CARLA = { address: 'carla.ionescu@contoso.example', password: 'carla-pw' };
const DAN = { address: 'dan.berg@contoso.example', password: 'dan-pw' };
// Weekdays only: on the Sunday of the test, asking for a person leaves a ticket for Monday.
const WEEKDAYS = `timeZone: UTC
hours: { mon: ["08:00-17:00"], tue: ["08:00-17:00"], wed: ["08:00-17:00"], thu: ["08:00-17:00"], fri: ["08:00-17:00"] }
`;
const BOB_TEAMS = {
  id: '29:bob-aad-id',
  name: 'Bob Jones',
  email: BOB.address,
  userPrincipalName: BOB.address,
  aadObjectId: '00000000-0000-0000-0000-0000000000b0',
  tenantId: 'tenant-1',
};
const STATUS = {
  en: 'The VPN gateway in Frankfurt is down; connect to Vienna meanwhile.',
  de: 'Das VPN-Gateway Frankfurt ist ausgefallen; bitte solange Wien wählen.',
};
const FIXED = {
  en: 'The Frankfurt gateway is back; reconnect and it works again.',
  de: 'Das Gateway Frankfurt läuft wieder; einfach neu verbinden.',
};

/**
 * An incident's resolution reaches linked users who have left the chat: by e-mail in their
 * language (a real SMTP server, GreenMail) and, for a Teams user, as a proactive message through
 * the Bot Connector (the local fake); a user still in the chat is told there and not e-mailed.
 * The tickets it resolves e-mail their users who are away their new status, as a technician's
 * change in the console does, unless the incident's own e-mail already told them.
 * Under the test clock: "away" is the hand-over's live window (30 minutes without a message).
 */
describeMail('incidents: linked users who are away hear of the resolution by e-mail and in Teams', () => {
  // Sunday 1 June 2031 (the test never reads today's date).
  let now = Date.parse('2031-06-01T08:00:00.000Z');
  const connector = new FakeTeamsConnector();
  let greenMail: RunningGreenMail;
  let serviceUrl: string;
  let w: IncidentWorld;

  const identity = (sub: string, name: string, email: string) =>
    new SignJWT({ sub, name, email })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + 300)
      .sign(new TextEncoder().encode(SECRET));
  const about = (mail: ParsedMail) => mail.subject?.startsWith('[INC-1]') ?? false;
  const aboutTicket = (mail: ParsedMail) => /^\[HD-\d+\]/.test(mail.subject ?? '');
  /** Asks for a person as a user does (confirming the topic if asked); the ticket number left. */
  const askForPerson = async (user: WebChatUser, ask: string, yes: string) => {
    await user.say(ask);
    // The bot checks the topic first (handoff.confirmTopic), then leaves the ticket.
    const reply = await user.waitFor(/is it about \*\*|Geht es um \*\*|[Tt]icket \*\*(HD-\d+)\*\*/);
    if (!reply[1]) await user.say(yes);
    const left = await user.waitFor(/[Tt]icket \*\*(HD-\d+)\*\*/);
    return left[1]!;
  };

  const running = () => w.running;

  beforeAll(async () => {
    [greenMail, serviceUrl] = await Promise.all([
      startGreenMail(target, [ANA, BOB, CARLA, DAN]),
      connector.start(),
    ]);
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, WEEKDAYS);
    w = await startIncidentApp(() => new Date(now), serviceUrl, {
      SUPPORT_CONFIG_FILE: support,
      SMTP_URL: greenMail.smtpUrl,
      MAIL_FROM: 'IT Service Desk <helpdesk@contoso.example>',
      PUBLIC_URL: 'https://help.contoso.example',
      WEBCHAT_IDENTITY_SECRET: SECRET,
      DIRECTLINE_TOKEN_TTL_SECONDS: '86400',
    });
    connector.roster.set(BOB_TEAMS.id, BOB_TEAMS);
  });
  afterAll(async () => {
    await w?.running.stop();
    await Promise.all([greenMail?.stop(), connector.stop()]);
  });

  it('e-mails the users who left, in their language; Teams gets a proactive message; the one still chatting only the chat', async () => {
    // Dan had reported his VPN before anyone knew of the outage: a ticket, no link to it yet.
    const dan = await WebChatUser.start(w.running.url, await identity('u-dan', 'Dan Berg', DAN.address));
    await dan.say('My VPN does not connect');
    const dansTicket = await askForPerson(dan, 'I want to talk to a person', 'yes');
    const created = await consoleApi(w.running.url, w.lead, 'POST', '/api/console/incidents', {
      title: 'VPN gateway Frankfurt down',
      topic: 'network.vpn',
      status: 'confirmed',
      statusMessages: STATUS,
      linkTicketIds: [dansTicket],
    });
    expect(created.status).toBe(201);

    // Ana (web chat, signed in on the intranet) writes in German and closes the page.
    const ana = await WebChatUser.start(w.running.url, await identity('u-ana', 'Ana Schmidt', ANA.address));
    await ana.say('Mein VPN verbindet sich nicht');
    await ana.waitFor(/bitte solange Wien wählen/);
    // She asks for a person too: a ticket from her linked conversation.
    const anasTicket = await askForPerson(ana, 'Ich möchte mit einem Menschen sprechen', 'ja');
    // Bob asks in Teams (his address comes from the team's roster).
    const bobChat = { id: 'a:incident-bob', conversationType: 'personal', tenantId: 'tenant-1' };
    const bob = async (text: string) =>
      (
        await fetch(`${w.running.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            connectorActivity(serviceUrl, {
              conversation: bobChat,
              from: { id: BOB_TEAMS.id, name: 'Bob', aadObjectId: BOB_TEAMS.aadObjectId },
              text,
            }),
          ),
        })
      ).status;
    expect(await bob('My VPN does not connect')).toBe(200);
    await connector.waitFor('the known-problem notice in Teams', () =>
      connector.messages(bobChat.id).find((m) => (m.activity.text ?? '').includes('connect to Vienna')),
    );
    // Carla (web chat) reports it too and is still writing when it is fixed.
    const carla = await WebChatUser.start(
      w.running.url,
      await identity('u-carla', 'Carla Ionescu', CARLA.address),
    );
    await carla.say('The VPN does not connect');
    await carla.waitFor(/connect to Vienna meanwhile/);
    await w.running.app.idle();

    now += 2 * 60 * MINUTE;
    await carla.say('Is the VPN still down?');
    now += 5 * MINUTE;
    const bobBefore = connector.messages(bobChat.id).length;
    const [incident] = (await consoleApi(w.running.url, w.lead, 'GET', '/api/console/incidents')).body
      .incidents as Incident[];
    const resolved = await consoleApi(
      w.running.url,
      w.lead,
      'PATCH',
      `/api/console/incidents/${incident!.id}`,
      {
        status: 'resolved',
        statusMessages: FIXED,
      },
    );
    expect(resolved.status).toBe(200);
    await w.running.app.idle();

    // Ana: in German, the incident in the subject, the fix, the link back to the chat.
    const toAna = await greenMail.waitForMessage(ANA, about);
    expect(toAna.subject).toBe('[INC-1] Behoben: VPN gateway Frankfurt down');
    expect(toAna.text).toContain('Hallo Ana Schmidt');
    expect(toAna.text).toContain(
      'Die Störung ist behoben. Das Gateway Frankfurt läuft wieder; einfach neu verbinden.',
    );
    expect(toAna.text).toContain('https://help.contoso.example/');
    expect(toAna.html).toContain('<a href="https://help.contoso.example/">');
    expect(toAna.headers.get('auto-submitted')).toBe('auto-generated');
    expect(toAna.messageId).toMatch(/^<INC-1\.[0-9a-f-]+@contoso\.example>$/);
    // Her web chat keeps the notice for when she comes back.
    await ana.waitFor(/Es ist behoben\. Das Gateway Frankfurt läuft wieder/);

    // Bob: a proactive message in his Teams chat, and an e-mail in English.
    const proactive = await connector.inner.waitForMessages(bobBefore + 1, bobChat.id);
    expect(proactive.slice(bobBefore).map((m) => m.activity.text)).toEqual([
      expect.stringContaining(
        'it has been fixed. The Frankfurt gateway is back; reconnect and it works again.',
      ),
    ]);
    const toBob = await greenMail.waitForMessage(BOB, about);
    expect(toBob.subject).toBe('[INC-1] Fixed: VPN gateway Frankfurt down');
    expect(toBob.text).toContain('Hello Bob Jones');
    expect(toBob.text).toContain(
      'It has been fixed. The Frankfurt gateway is back; reconnect and it works again.',
    );

    // Carla wrote five minutes ago: the chat tells her, no e-mail does.
    await carla.waitFor(/it has been fixed\. The Frankfurt gateway is back/);
    expect((await greenMail.inbox(CARLA)).filter(about)).toEqual([]);
    expect((await greenMail.inbox(BOB)).filter(about)).toHaveLength(1);

    // Dan's linked ticket was resolved with the incident: he is e-mailed its new status, as a
    // technician's change in the console would e-mail him.
    const toDan = await greenMail.waitForMessage(DAN, aboutTicket);
    expect(toDan.subject).toBe(`[${dansTicket}] Your ticket is now resolved: My VPN does not connect`);
    expect(toDan.text).toContain(`your ticket ${dansTicket} (My VPN does not connect) is now resolved.`);
    // Ana's ticket was resolved too, but the incident's e-mail already told her: one e-mail, not two.
    expect((await greenMail.inbox(ANA)).map((m) => m.subject)).toEqual([toAna.subject]);
    const tickets = running().app.handoff!.tickets;
    for (const number of [dansTicket, anasTicket])
      expect(await tickets.byIdOrNumber(number)).toMatchObject({ status: 'resolved' });
    expect((await greenMail.inbox(DAN)).filter(aboutTicket)).toHaveLength(1);

    const stored = await w.running.app.storage.collection<Incident>('incidents').get(incident!.id);
    expect(
      stored!.links.map((l) => [l.channelId, l.language, l.notified, l.emailed ?? false]).sort(),
    ).toEqual([
      ['directline', 'de', 'delivered', true],
      ['directline', 'en', 'delivered', false],
      ['msteams', 'en', 'delivered', true],
    ]);
  });
});
