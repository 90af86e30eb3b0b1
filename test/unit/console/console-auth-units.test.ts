import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { readCookie, sessionCookie } from '../../../src/console/auth/authenticator';
import { looksLikeJwt } from '../../../src/console/auth/entra-sso';
import { SessionStore } from '../../../src/console/auth/session-store';
import { mayAccess, mayReceiveEvent } from '../../../src/handoff/desk-access';
import { resumePoint } from '../../../src/console/api/event-feed';
import { CannedReplies } from '../../../src/console/api/canned-replies';
import type { Handoff } from '../../../src/handoff';
import type { Technician } from '../../../src/technicians';
import { SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import { silentLogger } from '../../../src/logging';
import { shippedContent } from '../../helpers/shipped-content';

const tech = (over: Partial<Technician> = {}): Technician => ({
  id: 't1',
  version: 1,
  name: 'T',
  role: 'technician',
  tokenHash: 'x',
  skills: ['network'],
  languages: ['en'],
  availability: 'online',
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});
const handoff = (over: Partial<Handoff> = {}) =>
  ({ id: 'h1', state: 'queued', skills: ['network'], ...over }) as Handoff;

describe('console auth and feed helpers', () => {
  it('reads the session cookie among others and builds strict cookie attributes', () => {
    expect(readCookie('a=1; firstline_console=abc-_x; b=2', 'firstline_console')).toBe('abc-_x');
    expect(readCookie('firstline_consolex=1', 'firstline_console')).toBeUndefined();
    expect(sessionCookie('v', { secure: false, maxAgeSeconds: 60 })).toBe(
      'firstline_console=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60',
    );
    expect(sessionCookie('v', { secure: true, maxAgeSeconds: 60 })).toMatch(/; Secure$/);
  });

  it('tells JWTs from API tokens', () => {
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiIxIn0.c2ln')).toBe(true);
    expect(looksLikeJwt('flt_abcdefABCDEF0123456789_-')).toBe(false);
  });

  it('resumes from Last-Event-ID before ?after, ignoring junk', () => {
    expect(resumePoint('12', '5')).toBe(12);
    expect(resumePoint(undefined, '5')).toBe(5);
    expect(resumePoint('abc', '7')).toBe(7);
    expect(resumePoint('-1', undefined)).toBe(0);
  });

  it('shows conversation content only to the assignee (and leads), queue changes to routed technicians', () => {
    const mine = handoff({ state: 'assigned', assignedTo: 't1' });
    const theirs = handoff({ state: 'assigned', assignedTo: 't2' });
    expect(mayReceiveEvent({ type: 'message' }, mine, tech())).toBe(true);
    expect(mayReceiveEvent({ type: 'message' }, theirs, tech())).toBe(false);
    expect(mayReceiveEvent({ type: 'note' }, theirs, tech())).toBe(false);
    expect(mayReceiveEvent({ type: 'handoff.claimed' }, theirs, tech())).toBe(true);
    expect(mayReceiveEvent({ type: 'handoff.claimed' }, theirs, tech({ skills: ['printers'] }))).toBe(false);
    expect(mayReceiveEvent({ type: 'message' }, theirs, tech({ role: 'lead' }))).toBe(true);
  });

  it('lets a technician read routed queued handoffs, claim routed ones, act only on their own', () => {
    const t = tech();
    expect(mayAccess(handoff(), t, 'read')).toBe(true);
    expect(mayAccess(handoff(), t, 'act')).toBe(false);
    expect(mayAccess(handoff({ skills: ['sap'] }), t, 'read')).toBe(false);
    expect(mayAccess(handoff({ state: 'assigned', assignedTo: 't2' }), t, 'read')).toBe(false);
    expect(mayAccess(handoff({ state: 'assigned', assignedTo: 't2' }), t, 'claim')).toBe(true);
    expect(mayAccess(handoff({ state: 'assigned', assignedTo: 't1' }), t, 'act')).toBe(true);
    expect(mayAccess(handoff({ state: 'assigned', assignedTo: 't2' }), tech({ role: 'admin' }), 'act')).toBe(
      true,
    );
  });

  it('lets only the assigned technician speak to the user, leads included', () => {
    expect(mayAccess(handoff({ state: 'assigned', assignedTo: 't1' }), tech(), 'speak')).toBe(true);
    expect(mayAccess(handoff({ state: 'assigned', assignedTo: 't2' }), tech(), 'speak')).toBe(false);
    expect(mayAccess(handoff({ state: 'assigned', assignedTo: 't2' }), tech({ role: 'lead' }), 'speak')).toBe(
      false,
    );
  });

  it('keeps sessions in storage and expires them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-sessions-'));
    const storage = await SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    let now = Date.parse('2026-01-01T00:00:00Z');
    const sessions = new SessionStore(storage, 60_000, () => now);
    const { cookie, csrf } = await sessions.create({ id: 't1' }, 'token');
    expect(csrf).not.toBe(cookie);
    // Stored under a hash: the cookie value itself is not in the database.
    const stored = await storage.collection('console_sessions').find({});
    expect(stored.map((s) => s.id)).not.toContain(cookie);
    expect((await sessions.find(cookie))?.technicianId).toBe('t1');
    now += 61_000;
    expect(await sessions.find(cookie)).toBeUndefined();
    expect(await storage.collection('console_sessions').find({})).toEqual([]);
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the shipped canned replies in all four languages', () => {
    const canned = new CannedReplies(shippedContent().cannedReplies);
    const all = canned.list(['en', 'de', 'pl', 'ro']);
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(all.every((r) => r.text.length > 0 && r.title.length > 0)).toBe(true);
  });
});
