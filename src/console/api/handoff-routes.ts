import { z } from 'zod';
import { AppError, errorBody } from '../../errors';
import { isLang } from '../../i18n/languages';
import { chatMarkdown } from '../../dialogs/markdown';
import type { Article } from '../../knowledge';
import type { ConsoleApiDeps } from './api-deps';
import { isActive, type ClaimResult } from './ports';
import { defineRoute, type ConsoleRoute } from './route-registry';

const HANDOFF = '/api/console/handoffs/{handoffId}';
const NOTE_MAX = 4000;

function messageText(max: number) {
  return z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
}

/** Queue and conversation actions on one handoff. */
export function handoffRoutes(deps: ConsoleApiDeps): ConsoleRoute[] {
  const { access, handoffs } = deps;
  return [
    defineRoute({
      operationId: 'listQueue',
      method: 'get',
      path: '/api/console/queue',
      tag: 'queue',
      summary: 'Waiting handoffs routed to the caller (all of them for leads), by priority then wait.',
      minRole: 'technician',
      responds: '`{ "entries": [...] }`',
      handler: async ({ caller }) => ({ body: { entries: await handoffs.listQueue(caller.technician) } }),
    }),
    defineRoute({
      operationId: 'listMyHandoffs',
      method: 'get',
      path: '/api/console/my-handoffs',
      tag: 'queue',
      summary: 'The live hand-overs assigned to the caller, so the console keeps them across a reload.',
      minRole: 'technician',
      responds: '`{ "handoffs": [...] }`',
      handler: async ({ caller }) => ({
        body: { handoffs: await handoffs.listAssigned(caller.technician) },
      }),
    }),
    defineRoute({
      operationId: 'getHandoff',
      method: 'get',
      path: HANDOFF,
      tag: 'handoff',
      summary: 'One handoff: assigned to the caller, or queued and routed to them (leads: any).',
      minRole: 'technician',
      resource: 'handoff',
      responds: '`{ "handoff": {...} }`',
      handler: async ({ caller, params }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'read');
        await deps.audit.viewed('handoff', handoff.id, caller.technician);
        return { body: { handoff } };
      },
    }),
    defineRoute({
      operationId: 'claimHandoff',
      method: 'post',
      path: `${HANDOFF}/claim`,
      tag: 'handoff',
      summary: 'Take a queued handoff. Exactly one of many concurrent claims wins; the others get 409.',
      minRole: 'technician',
      resource: 'handoff',
      errors: [409],
      responds: '`{ "handoff": {...} }`; 409 with `claimedBy` when someone else was first.',
      handler: async ({ caller, params }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'claim');
        return claimAnswer(deps, await handoffs.claim(handoff.id, caller.technician));
      },
    }),
    defineRoute({
      operationId: 'pickUpConversation',
      method: 'post',
      path: `${HANDOFF}/pick-up`,
      tag: 'handoff',
      summary:
        'Take over again a conversation the bot owns (after a hand back), from its ended handoff: ' +
        'a new handoff on the same ticket, assigned to the caller. One of concurrent pick-ups wins.',
      minRole: 'technician',
      resource: 'handoff',
      errors: [409],
      responds: '`{ "handoff": {...} }` (the new handoff); 409 with `claimedBy` when someone was first.',
      handler: async ({ caller, params }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'read');
        return claimAnswer(deps, await handoffs.pickUp(handoff.id, caller.technician));
      },
    }),
    defineRoute({
      operationId: 'sendTechnicianMessage',
      method: 'post',
      path: `${HANDOFF}/messages`,
      tag: 'handoff',
      summary: 'Send a message to the user (appended to the transcript, delivered on their channel).',
      minRole: 'technician',
      resource: 'handoff',
      body: z.object({ text: messageText(deps.maxMessageChars) }),
      example: { text: 'Hi, I am looking at your VPN problem now.' },
      errors: [409],
      responds: '`{ "sent": true }`',
      handler: async ({ caller, params, body }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'act');
        await handoffs.sendToUser(handoff.id, caller.technician, body.text);
        return { body: { sent: true } };
      },
    }),
    defineRoute({
      operationId: 'sendTyping',
      method: 'post',
      path: `${HANDOFF}/typing`,
      tag: 'handoff',
      summary: 'Show the user that the technician is typing.',
      minRole: 'technician',
      resource: 'handoff',
      responds: '204',
      handler: async ({ caller, params }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'act');
        await handoffs.typing(handoff.id, caller.technician);
        return { status: 204, body: undefined };
      },
    }),
    defineRoute({
      operationId: 'addNote',
      method: 'post',
      path: `${HANDOFF}/notes`,
      tag: 'handoff',
      summary: 'Add an internal note to the ticket (never shown to the user).',
      minRole: 'technician',
      resource: 'handoff',
      body: z.object({ text: messageText(NOTE_MAX) }),
      example: { text: 'User is on the old VPN client; upgrade planned.' },
      responds: '`{ "note": {...} }` (201)',
      handler: async ({ caller, params, body }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'act');
        return {
          status: 201,
          body: { note: await handoffs.addNote(handoff.id, caller.technician, body.text) },
        };
      },
    }),
    defineRoute({
      operationId: 'transferHandoff',
      method: 'post',
      path: `${HANDOFF}/transfer`,
      tag: 'handoff',
      summary: 'Pass the conversation to another technician or back to a queue.',
      minRole: 'technician',
      resource: 'handoff',
      body: z
        .object({
          technicianId: z.string().min(1).max(100).optional(),
          queue: z
            .object({
              category: z.string().min(1).max(100).optional(),
              skills: z.array(z.string().min(1).max(50)).max(20).optional(),
            })
            .optional(),
        })
        .refine((to) => (to.technicianId === undefined) !== (to.queue === undefined), {
          message: 'give either technicianId or queue',
        }),
      example: { queue: { category: 'network', skills: ['vpn'] } },
      errors: [409],
      responds: '`{ "handoff": {...} }`',
      handler: async ({ caller, params, body }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'act');
        if (body.technicianId) {
          const to = await deps.directory.get(body.technicianId);
          if (!to) throw new AppError('BadArgument', 'Invalid "technicianId": no such technician.');
          if (!isActive(to))
            throw new AppError('BadArgument', 'Invalid "technicianId": that technician is disabled.');
        }
        return { body: { handoff: await handoffs.transfer(handoff.id, caller.technician, body) } };
      },
    }),
    defineRoute({
      operationId: 'handBackToBot',
      method: 'post',
      path: `${HANDOFF}/hand-back`,
      tag: 'handoff',
      summary: 'Give the conversation back to the bot; the user is told.',
      minRole: 'technician',
      resource: 'handoff',
      errors: [409],
      responds: '`{ "handoff": {...} }`',
      handler: async ({ caller, params }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'act');
        return { body: { handoff: await handoffs.handBack(handoff.id, caller.technician) } };
      },
    }),
    defineRoute({
      operationId: 'resolveHandoff',
      method: 'post',
      path: `${HANDOFF}/resolve`,
      tag: 'handoff',
      summary: 'Resolve the ticket; the user is told and asked for a rating.',
      minRole: 'technician',
      resource: 'handoff',
      body: z.object({
        note: z.string().trim().min(1).max(NOTE_MAX),
        category: z.string().trim().min(1).max(100),
      }),
      example: { note: 'Reinstalled the VPN client.', category: 'network' },
      errors: [409],
      responds: '`{ "handoff": {...}, "ticket": {...} }`',
      handler: async ({ caller, params, body }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'act');
        return { body: await handoffs.resolve(handoff.id, caller.technician, body) };
      },
    }),
    defineRoute({
      operationId: 'sendArticle',
      method: 'post',
      path: `${HANDOFF}/articles`,
      tag: 'knowledge',
      summary: "Send a knowledge-base article's summary and steps to the user, in the user's language.",
      minRole: 'technician',
      resource: 'handoff',
      body: z.object({ articleId: z.string().min(1).max(200) }),
      example: { articleId: 'vpn-not-connecting' },
      responds: '`{ "sent": true, "language": "de", "fallback": false }`',
      handler: async ({ caller, params, body }) => {
        const handoff = await access.handoff(id(params), caller.technician, 'act');
        const language = isLang(handoff.language) ? handoff.language : deps.defaultLanguage;
        const found = deps.knowledge.getArticle(body.articleId, language);
        if (!found) throw new AppError('BadArgument', 'Invalid "articleId": no such article.');
        await handoffs.sendToUser(handoff.id, caller.technician, articleMessage(found.article), {
          markdown: true,
        });
        return { body: { sent: true, language: found.language, fallback: found.fallback } };
      },
    }),
  ];
}

/** A won claim answers the handoff; a lost one 409 with who has it; anything else 404. */
export async function claimAnswer(deps: ConsoleApiDeps, result: ClaimResult) {
  if (result.ok) return { body: { handoff: result.handoff } };
  if (result.reason !== 'already-claimed') throw new AppError('NotFound', 'No such handoff.');
  const holder = result.claimedBy ? await deps.directory.get(result.claimedBy) : undefined;
  return {
    status: 409,
    body: {
      ...errorBody('Conflict', `Already claimed${holder ? ` by ${holder.name}` : ''}.`),
      claimedBy: holder ? { id: holder.id, name: holder.name } : (result.claimedBy ?? null),
    },
  };
}

function id(params: Record<string, string>): string {
  return params.handoffId ?? '';
}

/** Title, summary and numbered steps as one chat message (kb: links reduced to their text). */
export function articleMessage(article: Article): string {
  const steps = article.steps.map((step, i) => `${i + 1}. ${chatMarkdown(step)}`);
  return [`**${article.title}**`, chatMarkdown(article.summary), steps.join('\n')]
    .filter((part) => part.trim() !== '')
    .join('\n\n');
}
