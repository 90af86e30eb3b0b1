import { z } from 'zod';
import type { PrivacyActor, PrivacyRequests } from '../../personal-data';
import type { Caller } from '../auth/authenticator';
import { defineRoute, type ConsoleRoute } from './route-registry';

/** GDPR requests about one user, as the console API needs them. */
export type ConsolePrivacyRequests = Pick<PrivacyRequests, 'export' | 'erase'>;

// In the body, not the path: user ids then stay out of URLs and access logs.
const subjectBody = z.object({ userId: z.string().trim().min(1).max(512) }).strict();

/**
 * Export and erasure of everything stored about one user (the CLI's `firstline privacy`), for
 * leads and admins, or ADMIN_TOKEN from an operator's script. Both are audited.
 */
export function privacyRoutes(privacy: ConsolePrivacyRequests): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'privacyExport',
      method: 'post',
      path: '/api/admin/privacy/export',
      tag: 'privacy',
      summary:
        'Everything stored about one user (channel user id, web chat id or Entra object id) as JSON: ' +
        'transcripts, Direct Line activities, bot state, tickets, hand-overs, bot-chat records, console events. ' +
        'Also accepts ADMIN_TOKEN as bearer.',
      minRole: 'lead',
      acceptsAdminToken: true,
      body: subjectBody,
      example: { userId: 'dl_3f1c9a…' },
      responds:
        '`{ "exportedAt", "subject": { "id", "userIds", "names", "conversationIds", ... }, "data": { "<store>": [...] } }`',
      handler: async ({ body, caller }) => ({ body: await privacy.export(body.userId, actorOf(caller)) }),
    }),
    defineRoute({
      operationId: 'privacyDelete',
      method: 'post',
      path: '/api/admin/privacy/delete',
      tag: 'privacy',
      summary:
        'Erases everything stored about one user; tickets are kept with the person removed (name, ids, ' +
        'their words). Also accepts ADMIN_TOKEN as bearer.',
      minRole: 'lead',
      acceptsAdminToken: true,
      body: subjectBody,
      example: { userId: 'dl_3f1c9a…' },
      responds: '`{ "erasedAt", "found", "counts": { "<store>": n } }`',
      handler: async ({ body, caller }) => ({ body: await privacy.erase(body.userId, actorOf(caller)) }),
    }),
  ];
}

function actorOf(caller: Caller): PrivacyActor {
  if (caller.via === 'admin-token') return { kind: 'admin-token' };
  // The name they have now is kept with the entry, as for every other audited action.
  return { kind: 'technician', id: caller.technician.id, name: caller.technician.name };
}
