import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import type { CaseFile } from '../tickets/case-file';
import { outOfScopeTurn } from '../turn';
import {
  isCase,
  outcomeOf,
  progressOf,
  recordFields,
  type CaseRecord,
  type TrackedCaseFile,
} from './case-record';
import { caseCollection } from './case-store';

/** The longest first message a record keeps: enough to see what the problem was. */
export const MAX_FIRST_MESSAGE_CHARS = 500;

export interface CaseRecorderOptions {
  storage: Pick<StorageBackend, 'collection'>;
  /** Removes secrets again (the message was redacted on arrival; the store stays safe whoever calls). */
  redact: (text: string) => string;
  logger: Logger;
  clock?: () => Date;
}

/**
 * Keeps a case record per problem. It writes only on the turn a case's outcome changes (opening
 * counts as one) or the user gets a step further (the flow funnel needs where they stopped): what
 * was last written is kept on the case file itself, saved with conversation state, so a turn that
 * changes neither costs no storage work. A case replaced without an outcome (the user
 * started over) keeps the record written when it last changed.
 */
export class CaseRecorder {
  private readonly clock: () => Date;

  constructor(private readonly options: CaseRecorderOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** After a turn the bot answered, with the conversation's case file as it now stands. */
  async noteTurn(context: TurnContext, caseFile: CaseFile | undefined): Promise<void> {
    const file = caseFile as TrackedCaseFile | undefined;
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) return;
    const outside = outOfScopeTurn(context);
    // A question outside IT asked on its own is a case opened and closed in one turn; asked in
    // the middle of an IT problem, it leaves that case as it is.
    if (outside && (!file || !isCase(file))) return this.recordOutOfScope(context, conversationId, outside);
    if (!file || !isCase(file)) return;
    const outcome = outcomeOf(file);
    const progress = progressOf(file);
    if (file.insight?.outcome === outcome && (file.insight.progress ?? 0) >= progress) return;
    const now = this.clock();
    // The reports' clock (the app's) times the case from the turn it was first recorded on.
    const openedAt = file.insight?.openedAt ?? now.toISOString();
    const fields = recordFields(file, outcome, openedAt, now);
    const firstMessage =
      fields.firstMessage && this.options.redact(fields.firstMessage.slice(0, MAX_FIRST_MESSAGE_CHARS));
    const records = caseCollection(this.options.storage);
    try {
      if (file.insight) {
        await records.update(file.insight.id, {}, { ...fields, firstMessage });
      } else {
        const id = randomUUID();
        await records.insert(
          withoutUndefined({
            ...fields,
            firstMessage,
            id,
            conversationId,
            userId: context.activity.from?.id ?? 'unknown',
            channelId: context.activity.channelId ?? 'unknown',
          }) as Omit<CaseRecord, 'version'>,
        );
        file.insight = { id, outcome, openedAt };
      }
      file.insight.outcome = outcome;
      file.insight.progress = progress;
    } catch (err) {
      // The reports miss one change; the user's answer must not be lost over it.
      this.options.logger.warn({ err, conversationId }, 'case record could not be written');
    }
  }

  private async recordOutOfScope(
    context: TurnContext,
    conversationId: string,
    outside: { area: string; language: CaseRecord['language'] },
  ): Promise<void> {
    const at = this.clock().toISOString();
    const text = context.activity.text ?? '';
    try {
      await caseCollection(this.options.storage).insert({
        id: randomUUID(),
        conversationId,
        userId: context.activity.from?.id ?? 'unknown',
        channelId: context.activity.channelId ?? 'unknown',
        language: outside.language,
        topic: `out-of-scope.${outside.area}`,
        outcome: 'out-of-scope',
        articles: [],
        flows: [],
        ...(text ? { firstMessage: this.options.redact(text.slice(0, MAX_FIRST_MESSAGE_CHARS)) } : {}),
        openedAt: at,
        day: at.slice(0, 10),
        closedAt: at,
        durationMs: 0,
        updatedAt: at,
      });
    } catch (err) {
      this.options.logger.warn({ err, conversationId }, 'case record could not be written');
    }
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
