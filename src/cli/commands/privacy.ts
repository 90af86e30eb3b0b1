import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AuditLog } from '../../audit';
import { loadConfig } from '../../config';
import { silentLogger } from '../../logging';
import { PrivacyRequests } from '../../personal-data';
import { createStorage } from '../../storage';
import type { StorageBackend } from '../../storage/ports';

export const summary = 'privacy rights: export or delete everything stored about one user';

const USAGE = `Usage:
  firstline privacy export --user <id> [--out <file>]   all data about the user as JSON (stdout or file)
  firstline privacy delete --user <id>                  erase it everywhere (tickets kept, anonymised)

<id> is the user's channel id (Teams "29:…", web chat "dl_…") or their Entra object id.
Uses the same storage as the server (DATA_DIR, or MONGODB_URI when set).`;

class UsageError extends Error {}

/** `firstline privacy ...`: GDPR access and erasure requests, on any storage backend. */
export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'export' && action !== 'delete') {
    console.error(USAGE);
    return action === '--help' || action === 'help' ? 0 : 2;
  }
  let storage: StorageBackend | undefined;
  try {
    const { values } = parse(rest);
    const user = values.user?.trim();
    if (!user) throw new UsageError('give the user id: --user <id>');
    const config = loadConfig();
    storage = await createStorage(config, silentLogger());
    const audit = new AuditLog(storage, silentLogger(), { retentionDays: config.retention.auditDays });
    const requests = new PrivacyRequests({ storage, logger: silentLogger(), audit });
    const actor = { kind: 'cli' as const };
    if (action === 'export') {
      const exported = await requests.export(user, actor);
      const json = `${JSON.stringify(exported, null, 2)}\n`;
      if (values.out) {
        fs.writeFileSync(values.out, json, { mode: 0o600 });
        console.error(`Wrote ${values.out}.`);
      } else console.log(json.trimEnd());
      return 0;
    }
    const erased = await requests.erase(user, actor);
    console.log(JSON.stringify(erased, null, 2));
    if (!erased.found) console.error('Nothing was stored about this user id.');
    return 0;
  } catch (err) {
    console.error(`firstline privacy: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof UsageError ? 2 : 1;
  } finally {
    await storage?.close();
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { user: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: false,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
