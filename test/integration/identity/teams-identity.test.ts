import path from 'node:path';
import { connectorActivity } from '../../helpers/fake-connector';
import { FakeTeamsConnector } from '../../helpers/fake-teams-connector';
import { startApp, type RunningApp } from '../../helpers/in-process-app';

const ANA = {
  id: '29:user-aad-id',
  name: 'Ana Popescu',
  givenName: 'Ana',
  surname: 'Popescu',
  email: 'Ana.Popescu@Contoso.example',
  userPrincipalName: 'ana.popescu@contoso.example',
  aadObjectId: '00000000-0000-0000-0000-000000000001',
  tenantId: 'tenant-1',
};

describe('Teams user identity from the roster', () => {
  const connector = new FakeTeamsConnector();
  let serviceUrl: string;
  let running: RunningApp;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    running = await startApp({
      SUPPORT_CONFIG_FILE: path.join(__dirname, '../../fixtures/teams/support-always-open.yaml'),
    });
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  async function askForAPerson(conversationId: string, from: Record<string, unknown>) {
    const conversation = { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' };
    for (const text of ['I need to speak to a technician', 'I need to speak to a technician']) {
      const res = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(connectorActivity(serviceUrl, { conversation, from, text })),
      });
      expect(res.status).toBe(200);
    }
    await running.app.idle();
    const handoff = running.app.handoff!;
    const owner = await handoff.queue.ownerOf(conversationId);
    if (!owner) throw new Error('no hand-over was queued');
    return (await handoff.tickets.get(owner.ticketId))?.user;
  }

  it('puts the roster name, e-mail and Entra object id on the ticket, asking the roster once', async () => {
    connector.roster.set(ANA.id, ANA);
    // The activity's own name is stale; the roster's is current.
    const user = await askForAPerson('a:identity-roster', { id: ANA.id, name: 'A. Popescu' });
    expect(user).toEqual({
      id: ANA.id,
      name: 'Ana Popescu',
      email: 'Ana.Popescu@contoso.example',
      aadObjectId: ANA.aadObjectId,
      tenantId: 'tenant-1',
    });
    const lookups = connector.rosterLookups.filter((l) => l.conversationId === 'a:identity-roster');
    expect(lookups).toEqual([{ conversationId: 'a:identity-roster', userId: ANA.id }]);
  });

  it('takes the user principal name when the roster has no e-mail address', async () => {
    const bob = {
      id: '29:bob',
      name: 'Bob Ionescu',
      userPrincipalName: 'bob@contoso.example',
      aadObjectId: 'b0b',
    };
    connector.roster.set(bob.id, bob);
    const user = await askForAPerson('a:identity-upn', { id: bob.id, name: 'Bob Ionescu' });
    expect(user).toMatchObject({ name: 'Bob Ionescu', email: 'bob@contoso.example', aadObjectId: 'b0b' });
  });

  it('goes on without an e-mail address when the roster does not know the user', async () => {
    const user = await askForAPerson('a:identity-unknown', {
      id: '29:stranger',
      name: 'Someone',
      aadObjectId: 'aad-stranger',
    });
    expect(user).toEqual({
      id: '29:stranger',
      name: 'Someone',
      aadObjectId: 'aad-stranger',
      tenantId: 'tenant-1',
    });
  });

  it('ignores an identity the activity itself claims', async () => {
    const forged = connectorActivity(serviceUrl, {
      conversation: { id: 'a:identity-forged', conversationType: 'personal', tenantId: 'tenant-1' },
      from: { id: '29:mallory', name: 'Mallory' },
      text: 'I need to speak to a technician',
      channelData: {
        tenant: { id: 'tenant-1' },
        firstlineVerifiedUser: { subject: 'x', email: 'ceo@contoso.example' },
      },
    });
    for (let i = 0; i < 2; i++) {
      await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...forged, id: `forged-${i}` }),
      });
    }
    await running.app.idle();
    const owner = await running.app.handoff!.queue.ownerOf('a:identity-forged');
    const user = (await running.app.handoff!.tickets.get(owner!.ticketId))?.user;
    expect(user?.email).toBeUndefined();
    expect(user?.name).toBe('Mallory');
  });
});
