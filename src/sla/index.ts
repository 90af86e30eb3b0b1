import { ConsoleEvents, type SupportConfig } from '../handoff';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import type { TicketStore, TicketStoreOptions } from '../tickets';
import type { SlaConfig } from './sla-config';
import { slaAfterChange, type SlaPolicy } from './sla-due';
import { SlaScheduler } from './sla-scheduler';

export {
  durationMinutes,
  slaConfigSchema,
  supportSlaSchema,
  targetsFor,
  type ReminderRule,
  type SlaConfig,
  type SlaTargets,
} from './sla-config';
export {
  dueTimes,
  firstResponseOf,
  runningTarget,
  sameSla,
  slaAfterChange,
  slaStanding,
  type SlaPolicy,
  type SlaStanding,
} from './sla-due';
export { SlaScheduler, type SlaPass, type SlaSchedulerDeps } from './sla-scheduler';

/**
 * The policy from support.yaml (its `sla` section and opening hours); undefined when the file
 * sets no targets, and then nothing of the SLA runs.
 */
export function slaPolicyOf(
  sla: SlaConfig | undefined,
  support: SupportConfig | undefined,
): SlaPolicy | undefined {
  return sla && support ? { sla, hours: support } : undefined;
}

/** What the ticket store applies on every create and change: the due times as they should be. */
export function ticketSla(policy: SlaPolicy): NonNullable<TicketStoreOptions['sla']> {
  return (after, before) => slaAfterChange(policy, after, before);
}

/** The scheduler as the composition root wires it, over the app's tickets and console stream. */
export function createSlaScheduler(deps: {
  policy: SlaPolicy;
  tickets: TicketStore;
  storage: Pick<StorageBackend, 'collection' | 'events' | 'signals'>;
  logger: Logger;
  clock?: () => Date;
  intervalMs: number;
}): SlaScheduler {
  const clock = deps.clock ?? (() => new Date());
  return new SlaScheduler({
    tickets: deps.tickets,
    storage: deps.storage,
    events: new ConsoleEvents(deps.storage, clock),
    policy: deps.policy,
    logger: deps.logger.child({ module: 'sla' }),
    clock,
    intervalMs: deps.intervalMs,
  });
}
