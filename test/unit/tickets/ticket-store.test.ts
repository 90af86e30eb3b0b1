import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../src/logging';
import { SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import { TicketStore, type NewTicket } from '../../../src/tickets';

const input: NewTicket = {
  conversationId: 'conv-1',
  channelId: 'directline',
  user: { id: 'dl_user' },
  language: 'en',
  category: 'printer',
  priority: 'normal',
  skills: ['workplace'],
  problem: 'printer jams',
  facts: {},
  stepsTried: [],
  articlesSuggested: [],
  origin: 'the user asked for a person',
};

describe('ticket store', () => {
  let dir: string;
  let storage: SqliteBackend;
  let tickets: TicketStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-tickets-'));
    storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    tickets = new TicketStore(storage, () => new Date('2026-11-23T10:00:00Z'));
  });
  afterEach(async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('numbers tickets HD-1001, HD-1002… and finds them by number', async () => {
    const first = await tickets.create(input);
    const second = await tickets.create(input);
    expect([first.number, second.number]).toEqual(['HD-1001', 'HD-1002']);
    expect(first).toMatchObject({
      status: 'open',
      notes: [],
      summary: expect.stringMatching(/^Problem: printer jams/) as unknown,
    });
    expect((await tickets.byNumber('hd-1002'))?.id).toBe(second.id);
  });

  it('numbers stay unique when created concurrently', async () => {
    const made = await Promise.all(Array.from({ length: 30 }, () => tickets.create(input)));
    expect(new Set(made.map((t) => t.number)).size).toBe(30);
  });

  it('follows the lifecycle open → pending → open → resolved → closed', async () => {
    const { id } = await tickets.create(input);
    await expect(tickets.setStatus(id, 'closed')).rejects.toMatchObject({ code: 'invalid-transition' });
    expect((await tickets.setStatus(id, 'pending')).status).toBe('pending');
    expect((await tickets.setStatus(id, 'open')).status).toBe('open');
    const resolved = await tickets.resolve(id, { note: 'replaced toner', category: 'hardware', by: 'Anna' });
    expect(resolved.resolution).toEqual({
      note: 'replaced toner',
      category: 'hardware',
      by: 'Anna',
      at: '2026-11-23T10:00:00.000Z',
    });
    expect((await tickets.setStatus(id, 'closed')).status).toBe('closed');
    await expect(tickets.setStatus(id, 'open')).rejects.toMatchObject({ code: 'invalid-transition' });
  });

  it('keeps every internal note when notes are added at the same time', async () => {
    const { id } = await tickets.create(input);
    await Promise.all(Array.from({ length: 10 }, (_, i) => tickets.addNote(id, 'Anna', `note ${i}`)));
    expect((await tickets.get(id))?.notes.map((n) => n.text).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `note ${i}`).sort(),
    );
  });

  it('accepts a rating of 1-5 only after resolution, with an optional comment', async () => {
    const { id } = await tickets.create(input);
    await expect(tickets.rate(id, 5)).rejects.toMatchObject({ code: 'invalid-rating' });
    await tickets.resolve(id, { note: 'ok', category: 'other', by: 'Anna' });
    await expect(tickets.rate(id, 6)).rejects.toMatchObject({ code: 'invalid-rating' });
    await expect(tickets.rate(id, 2.5)).rejects.toMatchObject({ code: 'invalid-rating' });
    await tickets.rate(id, 4);
    const rated = await tickets.comment(id, 'fast');
    expect(rated.rating).toMatchObject({ score: 4, comment: 'fast' });
  });

  it('returns the ticket with its transcript', async () => {
    await storage.transcripts.append({
      conversationId: 'conv-1',
      channelId: 'directline',
      direction: 'incoming',
      at: '2026-11-23T09:59:00Z',
      type: 'message',
      from: { id: 'dl_user', role: 'user' },
      text: 'printer jams',
    });
    const { id } = await tickets.create(input);
    const full = await tickets.withTranscript(id);
    expect(full?.transcript.map((e) => e.text)).toEqual(['printer jams']);
    expect(await tickets.withTranscript('nope')).toBeUndefined();
  });
});
