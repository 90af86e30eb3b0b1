import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { copyShippedContent, runContentCheck } from '../../helpers/content-copy';

/** `firstline content check` on the taxonomy's teams: how each owning team is reached. */
describe('content check: taxonomy teams', () => {
  let dir: string;
  const setTeam = (team: string, contact: unknown) => {
    const file = path.join(dir, 'taxonomy.yaml');
    const doc = parseDocument(fs.readFileSync(file, 'utf8'));
    doc.setIn(['teams', team], doc.createNode(contact));
    fs.writeFileSync(file, doc.toString());
  };

  beforeEach(() => {
    dir = copyShippedContent();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes the shipped teams and a team reached by card, e-mail and webhook', async () => {
    setTeam('network-team', {
      teamsChannel: '19:0123456789abcdef@thread.tacv2',
      email: ['network@example.com'],
      webhook: { url: 'https://hooks.example.com/network', secret: 'network-hook' },
    });
    const { code, output } = await runContentCheck(dir);
    expect(output).toContain('content check ok');
    expect(code).toBe(0);
  });

  it('refuses a key written into content, a URL that is not http(s) and a bad address', async () => {
    setTeam('network-team', { webhook: { url: 'ftp://hooks.example.com', secret: 'c2VjcmV0IGtleQ==' } });
    setTeam('identity-team', { email: ['not an address'] });
    const { code, output } = await runContentCheck(dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/teams\.network-team\.webhook\.url/);
    expect(output).toMatch(/teams\.network-team\.webhook\.secret: a secret name/);
    expect(output).toMatch(/teams\.identity-team\.email/);
  });

  it('warns about a team no topic names as owner', async () => {
    setTeam('netwrok-team', { name: 'Network (typo)' });
    const { code, output } = await runContentCheck(dir);
    expect(code).toBe(0);
    expect(output).toMatch(/"netwrok-team" owns no topic/);
  });
});
