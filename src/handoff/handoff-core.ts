import { HandoffRecords, type HandoffDeps } from './handoff-records';
import { TechnicianDesk } from './technician-desk';
import { UserQueue } from './user-queue';

export type { HandoffDeps } from './handoff-records';

/** The hand-over split by audience: technicians work at the desk, users wait in the queue. */
export interface HandoffCore {
  readonly desk: TechnicianDesk;
  readonly queue: UserQueue;
}

/** Both sides over the same stored hand-overs, built with the upstream that reaches users. */
export function createHandoffCore(deps: HandoffDeps): HandoffCore {
  const records = new HandoffRecords(deps);
  return { desk: new TechnicianDesk(records), queue: new UserQueue(records) };
}
