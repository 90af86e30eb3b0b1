import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { freePort } from './firstline-process';
import { canConnect, once, stopChild } from './server-process';

/**
 * GreenMail standalone: a real SMTP and IMAP server in one Java process, for the e-mail tests.
 * scripts/install-greenmail.sh puts the jar in ~/.cache/firstline/ (CI runs it from .ci/run).
 */
export const GREENMAIL_VERSION = '2.1.13';
const START_TIMEOUT_MS = 30_000;

export type GreenMailTarget = { kind: 'jar'; jar: string } | { kind: 'missing'; reason: string };

/** A mailbox on the server: its address (GreenMail's login is its local part) and password. */
export interface MailUser {
  address: string;
  password: string;
}

/** GreenMail makes `login@domain` of `-Dgreenmail.users=login:password@domain`. */
export function loginOf(user: MailUser): string {
  return user.address.split('@')[0] ?? user.address;
}

export interface RunningGreenMail {
  smtpPort: number;
  imapPort: number;
  /** SMTP_URL for FirstLine (GreenMail takes mail for any address without authentication). */
  smtpUrl: string;
  /** IMAP_URL for FirstLine to read `user`'s mailbox. */
  imapUrl(user: MailUser): string;
  /** Sends one message as a user's mail program would (headers such as In-Reply-To included). */
  send(message: SendMailOptions): Promise<string>;
  /** Every message in the user's INBOX, parsed, oldest first. */
  inbox(user: MailUser): Promise<ParsedMail[]>;
  /** Polls the user's INBOX until a message matches, or fails after `timeoutMs`. */
  waitForMessage(
    user: MailUser,
    matches: (mail: ParsedMail) => boolean,
    timeoutMs?: number,
  ): Promise<ParsedMail>;
  /** Clears \Seen on every message of the user's INBOX (as if a reader crashed before marking them). */
  markAllUnseen(user: MailUser): Promise<void>;
  /** Stops the server. Idempotent. */
  stop(): Promise<void>;
}

/** GREENMAIL_JAR when set, else the jar install-greenmail.sh leaves in ~/.cache/firstline; Java on PATH. */
export function resolveGreenMail(env: NodeJS.ProcessEnv = process.env): GreenMailTarget {
  const jar =
    env.GREENMAIL_JAR ??
    path.join(os.homedir(), '.cache', 'firstline', `greenmail-standalone-${GREENMAIL_VERSION}.jar`);
  if (!fs.existsSync(jar)) {
    return { kind: 'missing', reason: `no GreenMail jar at ${jar}; run scripts/install-greenmail.sh` };
  }
  const javaFound = (env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && fs.existsSync(path.join(dir, 'java')));
  if (!javaFound) return { kind: 'missing', reason: 'no java on PATH (GreenMail needs Java 11 or later)' };
  return { kind: 'jar', jar };
}

/**
 * Decides whether e-mail tests run. In CI a missing server fails the run loudly (a silently skipped
 * suite would look green); elsewhere the suite is skipped with a console message.
 */
export function greenMailTestsEnabled(target: GreenMailTarget, suite: string): boolean {
  if (target.kind !== 'missing') return true;
  if (process.env.CI) throw new Error(`${suite}: cannot run in CI: ${target.reason}`);
  console.warn(`${suite}: SKIPPED: ${target.reason}`);
  return false;
}

/**
 * Starts GreenMail on free loopback ports with the given mailboxes (other addresses are auto-created);
 * `smtpPort` brings the SMTP server up where an app already points (a server that was down).
 */
export async function startGreenMail(
  target: GreenMailTarget,
  users: MailUser[],
  ports: { smtpPort?: number } = {},
): Promise<RunningGreenMail> {
  if (target.kind === 'missing') throw new Error(target.reason);
  const smtpPort = ports.smtpPort ?? (await freePort());
  const [imapPort, apiPort] = [await freePort(), await freePort()];
  const output: string[] = [];
  const child = spawn(
    'java',
    [
      '-Dgreenmail.hostname=127.0.0.1',
      '-Dgreenmail.smtp.hostname=127.0.0.1',
      `-Dgreenmail.smtp.port=${smtpPort}`,
      '-Dgreenmail.imap.hostname=127.0.0.1',
      `-Dgreenmail.imap.port=${imapPort}`,
      // Its REST API is not used, but it always starts: on a free port, so parallel suites don't clash.
      '-Dgreenmail.api.hostname=127.0.0.1',
      `-Dgreenmail.api.port=${apiPort}`,
      `-Dgreenmail.users=${users.map((u) => `${loginOf(u)}:${u.password}@${u.address.split('@')[1]}`).join(',')}`,
      '-jar',
      target.jar,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  const keep = (chunk: Buffer): void => void output.push(chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = once(async () => {
    await stopChild(child);
    running.delete(child);
  });
  try {
    await waitForPorts(child, [smtpPort, imapPort], () => output.join(''));
  } catch (error) {
    await stop();
    throw error;
  }
  const smtp = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  const inbox = (user: MailUser): Promise<ParsedMail[]> => readInbox(imapPort, user);
  return {
    smtpPort,
    imapPort,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    imapUrl: (user) =>
      `imap://${encodeURIComponent(loginOf(user))}:${encodeURIComponent(user.password)}@127.0.0.1:${imapPort}`,
    send: async (message) => (await smtp.sendMail(message)).messageId,
    inbox,
    waitForMessage: async (user, matches, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await inbox(user)).find(matches);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching message for ${user.address} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    markAllUnseen: (user) =>
      withInbox(imapPort, user, async (client) => {
        await client.messageFlagsRemove('1:*', ['\\Seen']);
      }),
    stop: async () => {
      smtp.close();
      await stop();
    },
  };
}

async function readInbox(port: number, user: MailUser): Promise<ParsedMail[]> {
  try {
    return await withInbox(port, user, async (client) => {
      const mails: ParsedMail[] = [];
      for await (const message of client.fetch('1:*', { source: true })) {
        if (message.source) mails.push(await simpleParser(message.source));
      }
      return mails;
    });
  } catch (error) {
    // An empty mailbox has no message 1.
    if (error instanceof Error && /Invalid messageset|No matching messages/i.test(error.message)) return [];
    throw error;
  }
}

async function withInbox<T>(port: number, user: MailUser, use: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: loginOf(user), pass: user.password },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      return await use(client);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

// A test run that ends abruptly (timeout, Ctrl+C) must not leave servers behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function waitForPorts(child: ChildProcess, ports: number[], output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`GreenMail exited with ${child.exitCode}:\n${output()}`);
    if ((await Promise.all(ports.map(canConnect))).every(Boolean)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `GreenMail did not listen on ${ports.join(', ')} within ${START_TIMEOUT_MS} ms:\n${output()}`,
  );
}
