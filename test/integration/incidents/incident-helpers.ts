import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { WebChatUser, type ChatActivity, shown } from '../conversation/web-chat-user';

// Always open, so that the hand-over does not depend on the day the test runs.
const ALWAYS_OPEN = `timeZone: UTC
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;
export const CHANNEL = '19:1a2b3c4d5e6f77889900aabbccddeeff@thread.tacv2';
const TENANT = 'b3a1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
/** The detector's own timer never fires within a test: the passes are the ones the test runs. */
export const CHECK_SECONDS = 3600;
export const MINUTE = 60_000;

export interface IncidentWorld {
  running: RunningApp;
  lead: string;
  technician: string;
}

/** The real app with the shipped content, an always-open desk and the Teams technicians' channel. */
export async function startIncidentApp(
  clock: () => Date,
  serviceUrl: string,
  env: Record<string, string> = {},
): Promise<IncidentWorld> {
  const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
  fs.writeFileSync(support, ALWAYS_OPEN);
  const running = await startApp(
    {
      SUPPORT_CONFIG_FILE: support,
      INCIDENTS_CHECK_SECONDS: String(CHECK_SECONDS),
      INCIDENTS_WINDOW_MINUTES: '10',
      INCIDENTS_BASELINE_HOURS: '24',
      INCIDENTS_MIN_CASES: '10',
      INCIDENTS_SPIKE_RATIO: '4',
      TEAMS_TECHNICIANS_CHANNEL_ID: CHANNEL,
      TEAMS_TECHNICIANS_SERVICE_URL: serviceUrl,
      TEAMS_TENANT_ID: TENANT,
      ...env,
    },
    undefined,
    clock,
  );
  return { running, ...(await people(running)) };
}

export async function people(running: RunningApp): Promise<{ lead: string; technician: string }> {
  const technicians = running.app.handoff!.technicians;
  const person = { skills: [], languages: ['en' as const], availability: 'offline' as const };
  const lead = (await technicians.create({ name: 'Lea Lead', role: 'lead', ...person })).token;
  const technician = (await technicians.create({ name: 'Tom Tech', role: 'technician', ...person })).token;
  return { lead, technician };
}

/** One user on the web chat saying one problem; the conversation stays open for later messages. */
export async function report(
  url: string,
  text: string,
  locale = 'en-US',
): Promise<{ user: WebChatUser; said: string }> {
  const user = await WebChatUser.start(url, locale);
  const replies: ChatActivity[] = await user.say(text);
  return { user, said: replies.map(shown).join('\n') };
}

export async function consoleApi(
  url: string,
  token: string | undefined,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
