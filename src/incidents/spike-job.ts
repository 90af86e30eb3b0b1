import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { caseCollection, type CaseRecord } from '../insights';
import { isLang } from '../i18n/languages';
import type { Logger } from '../logging';
import { DuplicateKeyError, type StorageBackend } from '../storage/ports';
import type { IncidentService } from './incident-service';
import type { IncidentStore, SpikeGuard } from './incident-store';
import { MAX_LINKS, OPEN_INCIDENT_STATUSES, type Incident, type IncidentLink } from './incident-types';
import { findSpikes, type Spike, type SpikeSettings } from './spike-detector';

/** Cases read per pass at most (the baseline's and the window's, newest first). */
const MAX_CASES = 20_000;
const DETECTOR = { kind: 'system', name: 'Spike detector' } as const;

export interface SpikePass {
  /** Cases read and incidents raised in this pass. */
  cases: number;
  raised: number;
}

export interface SpikeDetectorDeps {
  storage: Pick<StorageBackend, 'collection'>;
  store: IncidentStore;
  service: IncidentService;
  settings: SpikeSettings;
  stopWords: ReadonlySet<string>;
  /** The topic's name for titles ("Outlook"), in English like the technicians' cards. */
  topicLabel: (topic: string) => string;
  clock: () => Date;
  logger: Logger;
}

/**
 * One pass of the detector (run under a LeasedJob): reads the cases of the baseline and the
 * window, finds spikes, and raises a suspected incident for each that no open incident covers. A
 * spike guard per key, written by compare-and-set before the incident is stored or announced,
 * makes two passes (two instances, or a lease that ran out mid-pass) raise one incident.
 */
export class SpikeDetector {
  constructor(private readonly deps: SpikeDetectorDeps) {}

  async pass(): Promise<SpikePass> {
    const now = this.deps.clock();
    const cases = await this.recentCases(now);
    const spikes = findSpikes(cases, now, this.deps.settings, this.deps.stopWords);
    let raised = 0;
    if (spikes.length > 0) {
      const open = await this.deps.store.open();
      for (const spike of spikes) {
        if (covered(spike, open)) continue;
        try {
          if (await this.raise(spike, now)) raised++;
        } catch (err) {
          this.deps.logger.warn(
            { err, key: spike.key },
            'a suspected incident could not be raised; next pass',
          );
        }
      }
    }
    return { cases: cases.length, raised };
  }

  private async recentCases(now: Date): Promise<CaseRecord[]> {
    const { windowMinutes, baselineHours } = this.deps.settings;
    const from = now.getTime() - windowMinutes * 60_000 - baselineHours * 3_600_000;
    return caseCollection(this.deps.storage).find({
      ranges: [
        {
          field: 'openedAt',
          from: new Date(from).toISOString(),
          to: new Date(now.getTime() + 1).toISOString(),
        },
      ],
      orderBy: [{ field: 'openedAt', direction: 'desc' }],
      limit: MAX_CASES,
    });
  }

  /** True when this pass raised it; false when another did, or it was closed after these cases. */
  private async raise(spike: Spike, now: Date): Promise<boolean> {
    const { store } = this.deps;
    const guard = await store.guards.get(spike.key);
    const previous = guard && (await store.get(guard.incidentId));
    if (previous && OPEN_INCIDENT_STATUSES.includes(previous.status)) return false;
    // After an incident of this key closed, only cases opened since count towards a new one.
    const since = previous?.closedAt ?? '';
    const cases = spike.cases.filter((c) => c.openedAt > since);
    if (cases.length < this.deps.settings.minCases) return false;
    const id = randomUUID();
    const at = now.toISOString();
    if (!(await this.claim(spike.key, guard, id, at))) return false;
    const incident = await store.insert(
      {
        title: this.title(spike, cases.length),
        ...(spike.topic ? { topic: spike.topic } : {}),
        words: spike.words,
        status: 'suspected',
        statusMessages: {},
        source: 'detector',
        spike: {
          recent: cases.length,
          baseline: spike.baseline,
          windowMinutes: this.deps.settings.windowMinutes,
          baselineHours: this.deps.settings.baselineHours,
        },
        links: cases.slice(0, MAX_LINKS).map(linkOf),
        ticketIds: [],
        createdBy: DETECTOR,
        createdAt: at,
        updatedAt: at,
      },
      id,
    );
    await this.deps.service.emit('incident.suspected', incident, DETECTOR);
    this.deps.logger.info(
      { incident: incident.number, key: spike.key, cases: cases.length },
      'suspected incident raised',
    );
    return true;
  }

  /** The conditional write that decides which pass raises the spike's incident. */
  private async claim(key: string, guard: SpikeGuard | undefined, incidentId: string, at: string) {
    const { guards } = this.deps.store;
    if (!guard) {
      try {
        await guards.insert({ id: key, incidentId, updatedAt: at });
        return true;
      } catch (error) {
        if (error instanceof DuplicateKeyError) return false;
        throw error;
      }
    }
    return (
      (await guards.update(key, { version: guard.version }, { incidentId, updatedAt: at })) !== undefined
    );
  }

  private title(spike: Spike, count: number): string {
    const what = spike.topic ? this.deps.topicLabel(spike.topic) : `"${spike.words.join(' ')}"`;
    return `Many reports about ${what}: ${count} in ${this.deps.settings.windowMinutes} minutes`;
  }
}

/** An open incident already stands for this spike (the same topic, or its lead word). */
function covered(spike: Spike, open: readonly Incident[]): boolean {
  return open.some((incident) =>
    spike.topic ? incident.topic === spike.topic : spike.words.some((w) => incident.words.includes(w)),
  );
}

/**
 * The reporters are linked too, to hear of the resolution: a web chat conversation is reached by
 * its id alone; other channels' conversations are linked again (with their reference) when the
 * user writes about it while the incident is confirmed.
 */
function linkOf(record: CaseRecord): IncidentLink {
  const reference: Partial<ConversationReference> | undefined =
    record.channelId === 'directline'
      ? {
          channelId: 'directline',
          conversation: { id: record.conversationId } as ConversationReference['conversation'],
          user: { id: record.userId, name: '' },
        }
      : undefined;
  return {
    conversationId: record.conversationId,
    channelId: record.channelId,
    userId: record.userId,
    language: isLang(record.language) ? record.language : 'en',
    linkedAt: record.openedAt,
    ...(reference ? { reference } : {}),
  };
}
