import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../src/logging';
import { SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import { hashToken, hasRole, TechnicianDirectory } from '../../../src/technicians';

describe('technician directory', () => {
  let dir: string;
  let storage: SqliteBackend;
  let directory: TechnicianDirectory;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-techs-'));
    storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    directory = new TechnicianDirectory(storage);
  });
  afterEach(async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('returns the API token once and stores only its SHA-256', async () => {
    const { technician, token } = await directory.create({
      name: ' Anna ',
      skills: ['Network', 'network'],
      languages: ['de'],
    });
    expect(token).toMatch(/^flt_[A-Za-z0-9_-]{43}$/);
    expect(technician).toMatchObject({
      name: 'Anna',
      role: 'technician',
      skills: ['network'],
      availability: 'offline',
    });
    expect(technician.tokenHash).toBe(hashToken(token));
    const stored = JSON.stringify(await directory.get(technician.id));
    expect(stored).not.toContain(token);
  });

  it('authenticates by token and rejects anything else', async () => {
    const { technician, token } = await directory.create({ name: 'Anna' });
    expect((await directory.authenticate(token))?.id).toBe(technician.id);
    expect(await directory.authenticate(`${token}x`)).toBeUndefined();
    expect(await directory.authenticate(technician.tokenHash)).toBeUndefined();
    expect(await directory.authenticate('')).toBeUndefined();
    const rotated = await directory.rotateToken(technician.id);
    expect(await directory.authenticate(token)).toBeUndefined();
    expect((await directory.authenticate(rotated!))?.id).toBe(technician.id);
  });

  it('finds a technician by Entra tenant and object id', async () => {
    const aad = { tenantId: 'T-1', objectId: 'O-1' };
    const { technician } = await directory.create({ name: 'Anna', aad });
    await directory.create({ name: 'Ben', aad: { tenantId: 'T-1', objectId: 'O-2' } });
    expect((await directory.findByAad('t-1', 'o-1'))?.id).toBe(technician.id);
    expect(await directory.findByAad('T-2', 'O-1')).toBeUndefined();
  });

  it('sets availability and lists who is online', async () => {
    const { technician } = await directory.create({ name: 'Anna' });
    await directory.create({ name: 'Ben', availability: 'online' });
    await directory.setAvailability(technician.id, 'online');
    expect((await directory.online()).map((t) => t.name).sort()).toEqual(['Anna', 'Ben']);
    await directory.setAvailability(technician.id, 'away');
    expect((await directory.online()).map((t) => t.name)).toEqual(['Ben']);
  });

  it('ranks roles technician < lead < admin', () => {
    expect(hasRole({ role: 'lead' }, 'technician')).toBe(true);
    expect(hasRole({ role: 'lead' }, 'admin')).toBe(false);
    expect(hasRole({ role: 'admin' }, 'lead')).toBe(true);
  });
});
