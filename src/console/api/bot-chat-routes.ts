import { AppError } from '../../errors';
import type { ConsoleApiDeps } from './api-deps';
import { claimAnswer } from './handoff-routes';
import type { ConsoleBotChats } from './ports';
import { defineRoute, type ConsoleRoute } from './route-registry';

const CHAT = '/api/console/bot-chats/{conversationId}';

/** The chats the bot is having right now, and stepping into one of them. */
export function botChatRoutes(deps: ConsoleApiDeps, chats: ConsoleBotChats): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'listBotChats',
      method: 'get',
      path: '/api/console/bot-chats',
      tag: 'queue',
      summary:
        'Conversations the bot answered in the last 30 minutes that no technician has, most recent first.',
      minRole: 'technician',
      responds:
        '`{ "chats": [{ "conversationId", "channelId", "user", "language", "lastMessageAt", "problem", ... }] }`',
      handler: async ({ caller }) => {
        const all = await chats.list();
        const visible = await Promise.all(
          all.map((chat) => deps.access.mayViewConversation(chat.conversationId, caller.technician)),
        );
        return { body: { chats: all.filter((_, i) => visible[i]) } };
      },
    }),
    defineRoute({
      operationId: 'getBotChat',
      method: 'get',
      path: CHAT,
      tag: 'queue',
      summary: 'One chat the bot is having, with its (redacted) transcript so far.',
      minRole: 'technician',
      resource: 'conversation',
      responds: '`{ "chat": {...}, "transcript": [...] }`',
      handler: async ({ caller, params }) => {
        const conversationId = params.conversationId ?? '';
        await deps.access.conversation(conversationId, caller.technician);
        const found = await chats.view(conversationId);
        if (!found) throw new AppError('NotFound', 'No such chat.');
        await deps.audit.viewed('conversation', conversationId, caller.technician);
        return { body: found };
      },
    }),
    defineRoute({
      operationId: 'takeOverBotChat',
      method: 'post',
      path: `${CHAT}/take-over`,
      tag: 'queue',
      summary:
        'Step into a chat the bot is having: a ticket with the case file and a handoff assigned to the ' +
        'caller; the user is told who joined. One of concurrent take-overs wins.',
      minRole: 'technician',
      resource: 'conversation',
      errors: [409],
      responds: '`{ "handoff": {...} }`; 409 with `claimedBy` when someone else was first.',
      handler: async ({ caller, params }) => {
        const conversationId = params.conversationId ?? '';
        await deps.access.conversation(conversationId, caller.technician, 'claim');
        return claimAnswer(deps, await chats.takeOver(conversationId, caller.technician));
      },
    }),
  ];
}
