import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Lang } from '../i18n/languages';
import type { DocumentCollection, StorageBackend } from '../storage/ports';
import {
  tokenVersionOf,
  type Availability,
  type NotificationPreferences,
  type Role,
  type Technician,
  type TechnicianStatus,
} from './technician-types';

export interface NewTechnician {
  name: string;
  role?: Role;
  skills?: string[];
  languages?: Lang[];
  /** Checked by the caller (src/identity's parseEmailAddress); stored lower-cased. */
  email?: string;
  availability?: Availability;
  aad?: { tenantId: string; objectId: string };
}

/** Prefix so a leaked token is recognisable in logs and secret scanners. */
const TOKEN_PREFIX = 'flt_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Technicians in the `technicians` collection, with hashed API tokens. */
export class TechnicianDirectory {
  private readonly technicians: DocumentCollection<Technician>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.technicians = storage.collection<Technician>('technicians');
  }

  /** Creates a technician; the API token is returned only here and stored only as a hash. */
  async create(input: NewTechnician): Promise<{ technician: Technician; token: string }> {
    const name = input.name.trim();
    if (!name) throw new TypeError('A technician needs a name.');
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const technician = await this.technicians.insert({
      id: randomUUID(),
      name,
      role: input.role ?? 'technician',
      tokenHash: hashToken(token),
      skills: normalise(input.skills ?? []),
      languages: [...new Set(input.languages ?? [])],
      ...(input.email ? { email: input.email.toLowerCase() } : {}),
      availability: input.availability ?? 'offline',
      ...(input.aad ? { aad: input.aad } : {}),
      createdAt: this.clock().toISOString(),
      tokenVersion: 0,
      status: 'active',
    });
    return { technician, token };
  }

  get(id: string): Promise<Technician | undefined> {
    return this.technicians.get(id);
  }

  list(): Promise<Technician[]> {
    return this.technicians.find({ orderBy: [{ field: 'name', direction: 'asc' }], limit: 1000 });
  }

  /** The active technician with this work address (compared in lower case), if any. */
  async byEmail(address: string): Promise<Technician | undefined> {
    const [found] = await this.technicians.find({ where: { email: address.trim().toLowerCase() }, limit: 1 });
    return found && found.status !== 'disabled' ? found : undefined;
  }

  online(): Promise<Technician[]> {
    return this.technicians.find({ where: { availability: 'online' }, limit: 1000 });
  }

  /** The technician whose token this is, or undefined; hashes compared in constant time. */
  async authenticate(token: string): Promise<Technician | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const presented = Buffer.from(hashToken(token), 'hex');
    const [candidate] = await this.technicians.find({
      where: { tokenHash: presented.toString('hex') },
      limit: 1,
    });
    if (!candidate) return undefined;
    const stored = Buffer.from(candidate.tokenHash, 'hex');
    return stored.length === presented.length && timingSafeEqual(stored, presented) ? candidate : undefined;
  }

  async findByAad(tenantId: string, objectId: string): Promise<Technician | undefined> {
    const all = await this.technicians.find({ limit: 1000 });
    const folded = (value: string) => value.toLowerCase();
    return all.find(
      (t) =>
        t.aad !== undefined &&
        folded(t.aad.tenantId) === folded(tenantId) &&
        folded(t.aad.objectId) === folded(objectId),
    );
  }

  async setAvailability(id: string, availability: Availability): Promise<Technician | undefined> {
    return this.technicians.update(id, {}, { availability });
  }

  async setNotifications(
    id: string,
    notifications: NotificationPreferences,
  ): Promise<Technician | undefined> {
    const { desktop, sound, badge } = notifications;
    return this.technicians.update(id, {}, { notifications: { desktop, sound, badge } });
  }

  /**
   * Sets the technician's work address (checked by the caller; stored lower-cased), or removes it
   * with undefined. Answers 'taken' when another technician has it,
   * because the address names one technician (the digest's language is found by it).
   */
  async setEmail(id: string, email: string | undefined): Promise<Technician | 'taken' | undefined> {
    const address = email?.trim().toLowerCase();
    if (address) {
      const [holder] = await this.technicians.find({ where: { email: address }, limit: 1 });
      if (holder && holder.id !== id) return 'taken';
    }
    return this.technicians.update(id, {}, { email: address || undefined });
  }

  /**
   * Issues a new token (the old one stops working) and ends every session and live feed opened
   * with the old one; the token is returned once.
   */
  async rotateToken(id: string): Promise<string | undefined> {
    const current = await this.technicians.get(id);
    if (!current) return undefined;
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const updated = await this.technicians.update(
      id,
      {},
      { tokenHash: hashToken(token), tokenVersion: tokenVersionOf(current) + 1 },
    );
    return updated ? token : undefined;
  }

  /**
   * Ends every console session and live feed of the technician (they are checked against the
   * token version on each request); the API token keeps working.
   */
  async endSessions(id: string): Promise<Technician | undefined> {
    const current = await this.technicians.get(id);
    if (!current) return undefined;
    // Two concurrent calls may both write current + 1: either way the old version is gone.
    return this.technicians.update(id, {}, { tokenVersion: tokenVersionOf(current) + 1 });
  }

  /** A disabled technician is refused everywhere and their sessions end; enabling undoes it. */
  async setStatus(id: string, status: TechnicianStatus): Promise<Technician | undefined> {
    const current = await this.technicians.get(id);
    if (!current) return undefined;
    const patch: Partial<Technician> = { status };
    if (status === 'disabled') {
      patch.tokenVersion = tokenVersionOf(current) + 1;
      patch.availability = 'offline';
    }
    return this.technicians.update(id, {}, patch);
  }

  async update(
    id: string,
    patch: Partial<Pick<Technician, 'name' | 'role' | 'skills' | 'languages' | 'aad'>>,
  ): Promise<Technician | undefined> {
    const clean = { ...patch, ...(patch.skills ? { skills: normalise(patch.skills) } : {}) };
    return this.technicians.update(id, {}, clean);
  }

  remove(id: string): Promise<boolean> {
    return this.technicians.delete(id);
  }
}

function normalise(skills: string[]): string[] {
  return [...new Set(skills.map((s) => s.trim().toLowerCase()).filter(Boolean))];
}
