import type { Storage } from 'botbuilder';
import type { RedactionFinding, RedactionResult, Redactor } from './types';
import { splitMessageRules, type PendingKeyword } from './split-message';
import { mergeOverlapping } from './redactor';

/** A keyword left at the end of a message announces a value for this long. */
const PENDING_FOR_MS = 15 * 60 * 1000;
const STATE_PREFIX = 'firstline.privacy.pending';

/** Who wrote a message in a conversation; each keeps their own split-message state. */
export interface Speaker {
  conversationId: string;
  /** 'user', or 'technician' for console, note and Teams thread input. */
  role: 'user' | 'technician';
}

/**
 * The one redaction pipeline: every text field of every activity in both directions, and what
 * technicians type, goes through it before it is stored, shown, logged, relayed or sent on.
 */
export interface RedactionPipeline {
  readonly redactor: Redactor;
  /** A message or event someone sent in (channel boundary, middleware), with the split-message rule. */
  incoming<T extends { type?: string; text?: string }>(
    activity: T,
    speaker?: Speaker,
  ): Promise<{ activity: T; findings: RedactionFinding[] }>;
  /** What the bot or a technician sends out (no split-message state: already cleaned on the way in). */
  outgoing<T extends object>(activity: T): { activity: T; findings: RedactionFinding[] };
  /** A technician's reply, note or canned reply, with the split-message rule per conversation. */
  text(text: string, speaker?: Speaker): Promise<RedactionResult>;
}

export interface PipelineOptions {
  /**
   * Redactor for what the bot sends. By default the same one without the keyword-based password
   * rule: answers and flows are authored text that talks about passwords ("Kennwort: gespeicherte
   * Anmeldedaten löschen"), and every way a typed password reaches an outgoing message (echo,
   * technician reply, relay) was redacted on the way in.
   */
  outgoingRedactor?: Redactor;
  /** Where the split-message state lives (bot state): shared by every instance. */
  state?: Storage;
  clock?: () => Date;
}

interface StoredPending extends PendingKeyword {
  at: string;
  eTag?: string;
  /** Older than PENDING_FOR_MS: no longer announces anything, only waits to be deleted. */
  stale?: boolean;
}

export function createRedactionPipeline(
  redactor: Redactor,
  options: PipelineOptions = {},
): RedactionPipeline {
  const rules = splitMessageRules(redactor.content.wordLists);
  const clock = options.clock ?? (() => new Date());
  const pending = options.state ? new PendingKeywords(options.state, clock) : undefined;
  const outgoing = options.outgoingRedactor ?? redactor;

  const text = async (input: string, speaker?: Speaker): Promise<RedactionResult> => {
    const before = speaker && pending ? await pending.take(speaker) : undefined;
    const split = before && !before.stale ? rules.secretAtStart(input, before) : undefined;
    const result = redactor.redact(split ? withMarker(input, split, redactor) : input);
    if (speaker && pending) await pending.leave(speaker, rules.pendingAfter(result.text), before);
    // Offsets of a split finding refer to the original text; the others to the marked one.
    return {
      text: result.text,
      findings: split ? mergeOverlapping([split, ...result.findings]) : result.findings,
    };
  };

  return {
    redactor,
    text,
    async incoming(activity, speaker) {
      let current = activity;
      const findings: RedactionFinding[] = [];
      if (speaker && activity.type === 'message' && typeof activity.text === 'string') {
        const cleaned = await text(activity.text, speaker);
        findings.push(...cleaned.findings);
        if (cleaned.findings.length > 0) current = { ...activity, text: cleaned.text };
      } else if (speaker && pending && activity.type === 'message') {
        // A card submission or attachment answers the keyword: what was pending is dropped.
        await pending.leave(speaker, undefined, await pending.take(speaker));
      }
      const rest = redactor.redactActivity(current);
      findings.push(...rest.findings);
      return { activity: rest.activity, findings };
    },
    outgoing: (activity) => outgoing.redactActivity(activity),
  };
}

function withMarker(text: string, finding: RedactionFinding, redactor: Redactor): string {
  return text.slice(0, finding.start) + redactor.marker(finding.kind) + text.slice(finding.end);
}

/** "This person's last message ended with a password keyword", per conversation, in bot state. */
class PendingKeywords {
  constructor(
    private readonly storage: Storage,
    private readonly clock: () => Date,
  ) {}

  async take(speaker: Speaker): Promise<StoredPending | undefined> {
    const key = keyOf(speaker);
    const found = (await this.storage.read([key]))[key] as StoredPending | undefined;
    if (!found) return undefined;
    const stale = !(this.clock().getTime() - Date.parse(found.at) <= PENDING_FOR_MS);
    return { ...found, stale };
  }

  /** Stores what this message leaves pending; one write only when that changes. */
  async leave(speaker: Speaker, next: PendingKeyword | undefined, before: StoredPending | undefined) {
    const key = keyOf(speaker);
    if (next) {
      const value: StoredPending = { ...next, at: this.clock().toISOString(), eTag: '*' };
      await this.storage.write({ [key]: value });
    } else if (before) {
      await this.storage.delete([key]);
    }
  }
}

function keyOf(speaker: Speaker): string {
  return `${STATE_PREFIX}/${speaker.role}/${speaker.conversationId}`;
}
