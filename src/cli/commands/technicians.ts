import { parseArgs } from 'node:util';
import { AuditLog, type AuditAction } from '../../audit';
import { loadConfig } from '../../config';
import { SessionStore } from '../../console';
import { isLang, type Lang } from '../../i18n/languages';
import { parseEmailAddress } from '../../identity';
import { silentLogger } from '../../logging';
import { createStorage } from '../../storage';
import type { StorageBackend } from '../../storage/ports';
import { ROLES, TechnicianDirectory, type Role, type Technician } from '../../technicians';

export const summary =
  'manage console technicians: add, list, set-role, revoke (new API token), disable, enable, end-sessions';

const USAGE = `Usage:
  firstline technicians add <name> [--role technician|lead|admin] [--skills a,b] [--languages en,de]
                                   [--email ada@example.com] [--aad-tenant <guid> --aad-object <guid>] [--json]
  firstline technicians list [--json]
  firstline technicians set-role <id> <technician|lead|admin>
  firstline technicians revoke <id> [--json]      (issues a new API token; the old one, its sessions
                                                  and live feeds stop working)
  firstline technicians disable <id>              (token, sessions and live feeds stop at once)
  firstline technicians enable <id>
  firstline technicians end-sessions <id>         (console sign-ins end; the API token keeps working)

Uses the same storage as the server (DATA_DIR, or MONGODB_URI when set).`;

/** What a subcommand works with: the records, their console sessions and the audit log. */
interface Admin {
  directory: TechnicianDirectory;
  sessions: SessionStore;
  audit(action: AuditAction, technicianId: string, detail?: Record<string, string>): Promise<void>;
}

type Subcommand = (admin: Admin, args: string[]) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  add,
  list: listAll,
  'set-role': setRole,
  revoke,
  disable: (admin, args) => setStatus(admin, args, 'disabled'),
  enable: (admin, args) => setStatus(admin, args, 'active'),
  'end-sessions': endSessions,
};

/** `firstline technicians ...`: technician records and their API tokens, on any storage backend. */
export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  const sub = name ? SUBCOMMANDS[name] : undefined;
  if (!sub) {
    console.error(USAGE);
    return name === '--help' || name === 'help' ? 0 : 2;
  }
  let storage: StorageBackend | undefined;
  try {
    const config = loadConfig();
    // Quiet: failures surface as the command's error message and exit code.
    const logger = silentLogger();
    storage = await createStorage(config, logger);
    const log = new AuditLog(storage, logger, { retentionDays: config.retention.auditDays });
    const admin: Admin = {
      directory: new TechnicianDirectory(storage),
      sessions: new SessionStore(storage, config.console.sessionTtlHours * 3600 * 1000),
      audit: (action, technicianId, detail) =>
        log.record({
          action,
          actor: { kind: 'cli' },
          subject: { kind: 'technician', id: technicianId },
          ...(detail ? { detail } : {}),
        }),
    };
    return await sub(admin, rest);
  } catch (err) {
    console.error(`firstline technicians: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof UsageError ? 2 : 1;
  } finally {
    await storage?.close();
  }
}

class UsageError extends Error {}

async function add({ directory, audit }: Admin, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    role: { type: 'string', default: 'technician' },
    skills: { type: 'string', default: '' },
    languages: { type: 'string', default: '' },
    email: { type: 'string' },
    'aad-tenant': { type: 'string' },
    'aad-object': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const name = positionals.join(' ').trim();
  if (!name) throw new UsageError('give the technician\'s name, e.g. technicians add "Ada Lovelace"');
  const role = asRole(String(values.role));
  const languages = csv(values.languages).map(asLang);
  const aad = aadOf(values['aad-tenant'], values['aad-object']);
  const email = values.email === undefined ? undefined : parseEmailAddress(String(values.email));
  if (values.email !== undefined && !email)
    throw new UsageError(`not an e-mail address: ${String(values.email)}`);
  const { technician, token } = await directory.create({
    name,
    role,
    skills: csv(values.skills),
    languages,
    ...(email ? { email } : {}),
    aad,
  });
  await audit('technician.created', technician.id, { role: technician.role });
  if (values.json) console.log(JSON.stringify({ id: technician.id, token }));
  else {
    console.log(`Created ${technician.role} "${technician.name}" (${technician.id}).`);
    console.log(`API token (shown once, store it safely): ${token}`);
  }
  return 0;
}

async function listAll({ directory }: Admin, args: string[]): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean', default: false } });
  const technicians = await directory.list();
  if (values.json) {
    console.log(JSON.stringify(technicians.map(({ tokenHash: _hidden, ...rest }) => rest)));
    return 0;
  }
  if (technicians.length === 0) console.log('No technicians yet: firstline technicians add <name>');
  for (const t of technicians) console.log(describe(t));
  return 0;
}

async function setRole({ directory, audit }: Admin, args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  const [id, role] = positionals;
  if (!id || !role) throw new UsageError('give the technician id and the role');
  const before = await directory.get(id);
  const updated = before && (await directory.update(id, { role: asRole(role) }));
  if (!before || !updated) throw new Error(`no technician with id ${id}`);
  await audit('technician.role-changed', id, { from: before.role, to: updated.role });
  console.log(describe(updated));
  return 0;
}

async function revoke({ directory, sessions, audit }: Admin, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean', default: false } });
  const [id] = positionals;
  if (!id) throw new UsageError('give the technician id');
  const token = await directory.rotateToken(id);
  if (!token) throw new Error(`no technician with id ${id}`);
  await sessions.deleteAllOf(id);
  await audit('technician.token-rotated', id);
  if (values.json) console.log(JSON.stringify({ id, token }));
  else console.log(`The old token no longer works. New API token (shown once): ${token}`);
  return 0;
}

async function setStatus(
  { directory, sessions, audit }: Admin,
  args: string[],
  status: 'active' | 'disabled',
): Promise<number> {
  const { positionals } = parse(args, {});
  const [id] = positionals;
  if (!id) throw new UsageError('give the technician id');
  const updated = await directory.setStatus(id, status);
  if (!updated) throw new Error(`no technician with id ${id}`);
  if (status === 'disabled') await sessions.deleteAllOf(id);
  await audit(status === 'disabled' ? 'technician.disabled' : 'technician.enabled', id);
  console.log(describe(updated));
  return 0;
}

async function endSessions({ directory, sessions, audit }: Admin, args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  const [id] = positionals;
  if (!id) throw new UsageError('give the technician id');
  const updated = await directory.endSessions(id);
  if (!updated) throw new Error(`no technician with id ${id}`);
  const ended = await sessions.deleteAllOf(id);
  await audit('technician.sessions-ended', id, { sessions: String(ended) });
  console.log(`Ended ${ended} console session(s) of ${updated.name}; open live feeds close within seconds.`);
  return 0;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function csv(value: unknown): string[] {
  return String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function asRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value))
    throw new UsageError(`role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

function asLang(value: string): Lang {
  if (!isLang(value)) throw new UsageError(`unknown language "${value}" (en, de, pl, ro)`);
  return value;
}

function aadOf(tenantId: unknown, objectId: unknown): Technician['aad'] {
  if (tenantId === undefined && objectId === undefined) return undefined;
  if (typeof tenantId !== 'string' || typeof objectId !== 'string') {
    throw new UsageError('give both --aad-tenant and --aad-object');
  }
  return { tenantId, objectId };
}

function describe(t: Technician): string {
  const extra = [
    t.skills.length ? `skills ${t.skills.join(',')}` : '',
    t.languages.length ? `languages ${t.languages.join(',')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const status = t.status === 'disabled' ? '  [disabled]' : '';
  return `${t.id}  ${t.role.padEnd(10)} ${t.availability.padEnd(7)} ${t.name}${extra ? `  (${extra})` : ''}${status}`;
}
