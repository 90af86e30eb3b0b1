import { AppError } from '../../errors';
import { isLang, type Lang } from '../../i18n/languages';
import type { HandoverCase } from '../../llm';
import { withStepTitles } from '../../tickets';
import { notFound } from './access';
import type { ConsoleApiDeps } from './api-deps';
import { defineRoute, type ConsoleRoute } from './route-registry';

/** Writes a hand-over note in a language (src/llm's HandoverSummaries); undefined when it cannot. */
export interface HandoverBriefings {
  summarise(handover: HandoverCase, language: Lang): Promise<string[] | undefined>;
}

const RESULTS = { worked: 'worked', failed: "didn't help", stopped: 'stopped there' } as const;

/**
 * A language model's short hand-over note in the technician's language, shown above the
 * transcript. Registered only when a model is configured; the structured summary stays either way.
 */
export function briefingRoutes(deps: ConsoleApiDeps, briefings: HandoverBriefings): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'getHandoverBriefing',
      method: 'get',
      path: '/api/console/tickets/{ticketId}/briefing',
      tag: 'ticket',
      summary:
        "A language model's hand-over note on the ticket (at most 5 lines: problem, what was tried, " +
        "facts, the user's mood) in the caller's language. Only with a language model configured.",
      minRole: 'technician',
      resource: 'ticket',
      query: { lang: { description: "en, de, pl or ro; default: the caller's first language" } },
      responds:
        '`{ "language": "de", "lines": ["..."] }`; `lines` is null when the model gives no note ' +
        '(failing, over budget): the structured summary on the ticket stands',
      handler: async ({ caller, params, query }) => {
        const ticketId = params.ticketId ?? '';
        const requested = query.lang;
        if (requested !== undefined && requested !== '' && !isLang(requested))
          throw new AppError('BadArgument', 'Invalid "lang": use en, de, pl or ro.');
        await deps.access.ticket(ticketId, caller.technician);
        const found = await deps.handoffs.getTicket(ticketId);
        if (!found) throw notFound('ticket');
        const { ticket } = deps.stepTitle ? withStepTitles(found, deps.stepTitle) : found;
        const language: Lang =
          requested && isLang(requested)
            ? requested
            : (caller.technician.languages[0] ?? deps.defaultLanguage);
        const transcript = found.transcript.filter((entry) => entry.type === 'message' && entry.text);
        const lines = await briefings.summarise(
          {
            // A new message or a change to the ticket makes a new note.
            key: `${ticket.id}:${ticket.version}:${transcript.at(-1)?.seq ?? 0}`,
            conversationId: ticket.conversationId,
            problem: ticket.problem,
            facts: ticket.facts,
            tried: ticket.stepsTried.map((step) => {
              const title = (step as { title?: string }).title ?? `${step.ref} ${step.step}`;
              return `${title} (${RESULTS[step.result]})`;
            }),
            userLanguage: ticket.language,
            transcript: transcript.map((entry) => ({ role: entry.from.role, text: entry.text ?? '' })),
          },
          language,
        );
        return { body: { language, lines: lines ?? null } };
      },
    }),
  ];
}
