import type { Lang } from '../i18n/languages';
import { hasRole, type Technician } from '../technicians';
import { PRIORITIES, type Priority } from '../tickets';
import type { Handoff } from './handoff-types';

/** urgent = 0 … low = 3: stored on the hand-over so the queue sorts in storage too. */
export function rankOf(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

/** Priority first (urgent > high > normal > low), then who has waited longest. */
export function compareQueued(a: Pick<Handoff, 'rank' | 'queuedAt' | 'seq'>, b: typeof a): number {
  return a.rank - b.rank || a.queuedAt.localeCompare(b.queuedAt) || a.seq - b.seq;
}

export function hasSkillFor(
  technician: Pick<Technician, 'skills'>,
  handoff: Pick<Handoff, 'skills'>,
): boolean {
  if (handoff.skills.length === 0) return true;
  const own = new Set(technician.skills.map((s) => s.toLowerCase()));
  return own.has('*') || handoff.skills.some((s) => own.has(s.toLowerCase()));
}

export function speaks(technician: Pick<Technician, 'languages'>, language: Lang): boolean {
  return technician.languages.includes(language);
}

export interface Routing {
  /** The technician may see and claim this hand-over. */
  allowed: boolean;
  /** Allowed only because nobody online speaks the user's language. */
  languageFallback: boolean;
}

/**
 * Who may take a hand-over: leads and admins any; a technician when they have one of its skills
 * and speak the user's language — or, with `languageFallback`, when no online technician with the
 * skills speaks it.
 */
export function route(
  technician: Technician,
  handoff: Pick<Handoff, 'skills' | 'language'>,
  online: readonly Technician[],
  languageFallback: boolean,
): Routing {
  if (hasRole(technician, 'lead')) return { allowed: true, languageFallback: false };
  if (!hasSkillFor(technician, handoff)) return { allowed: false, languageFallback: false };
  if (speaks(technician, handoff.language)) return { allowed: true, languageFallback: false };
  const someoneSpeaks = online.some((t) => hasSkillFor(t, handoff) && speaks(t, handoff.language));
  const fallback = languageFallback && !someoneSpeaks;
  return { allowed: fallback, languageFallback: fallback };
}
