import { foldText } from '../../i18n/language-names';
import { shippedWordLists, type WordLists } from '../../words';
import { factPatternsOf, OS_PATTERNS, type FactPattern } from './device-patterns';
import { findErrorCodes } from './error-codes';
import { findPrinterName } from './printer-names';
import { findAccessTarget } from './access-target';
import { findRequestDetails } from './request-details';

/** Facts that can be read from what the user wrote; names match the flow format's standard facts. */
export interface ExtractedFacts {
  os?: string;
  deviceType?: string;
  errorCode?: string;
  errorMessage?: string;
  urgency?: string;
  /** The printer's label or model as written ("PRN-3-12", "HP LaserJet M404dn"). */
  printer?: string;
  /** The folder, share or site asked access to, as written ("the finance shared folder"). */
  accessTarget?: string;
  /** Who approves a request, as written ("Anna Smith", "anna.smith@example.com"). */
  approver?: string;
  /** Why a request is made, as written ("because I joined the budget project"). */
  businessReason?: string;
}

const MAX_INPUT = 4000;
const MESSAGE_MIN = 6;
const MESSAGE_MAX = 300;

/*
 * Quoted text in the styles people type: "…", „…“, “…”, «…», and '…' when the quotes stand
 * apart from words (so "can't … don't" is not a quotation).
 */
const QUOTED = [
  /"([^"\n]{6,300})"/g,
  /[„“”]([^„“”\n]{6,300})[“”]/g,
  /«([^»\n]{6,300})»/g,
  /(?<![\p{L}\p{N}])'([^'\n]{6,300})'(?![\p{L}\p{N}])/gu,
];
/**
 * Reads what it can from one message. Undefined fields were not mentioned. Runs on the first
 * message and every later answer, so a flow can skip questions the user already answered.
 * `lists` are the content's word lists (content/words, `facts`); the shipped ones by default.
 */
export function extractFacts(text: string, lists: WordLists = shippedWordLists()): ExtractedFacts {
  const patterns = factPatternsOf(lists);
  const input = text.slice(0, MAX_INPUT);
  const folded = foldText(input).replace(/['’`]/g, '');
  const facts: ExtractedFacts = {};
  // A program called "Power BI Desktop" is no desktop PC; blanks keep the other words' positions.
  const named = folded.replace(patterns.notDevices, (name) => ' '.repeat(name.length));
  // A printer is the device only when no computer or phone is named ("my laptop can't find the printer").
  const device =
    earliest(
      patterns.devices.filter((p) => p.value !== 'printer'),
      named,
    ) ?? earliest(patterns.devices, named);
  const os = earliest(OS_PATTERNS, folded);
  if (os) facts.os = os.value;
  if (device) {
    facts.deviceType = device.value;
    facts.os ??= device.implies?.os;
  }
  if (!facts.deviceType && facts.os === 'macos') facts.deviceType = 'mac';
  const urgency = patterns.urgency.find((p) => p.pattern.test(folded));
  if (urgency) facts.urgency = urgency.value;
  const [code] = findErrorCodes(input);
  if (code) facts.errorCode = code.code;
  const message = quotedMessage(input, patterns.says);
  if (message) facts.errorMessage = message;
  const printer = findPrinterName(input);
  if (printer) facts.printer = printer;
  const accessTarget = findAccessTarget(input, lists);
  if (accessTarget) facts.accessTarget = accessTarget;
  return { ...facts, ...findRequestDetails(input, lists) };
}

function earliest(patterns: readonly FactPattern[], text: string): FactPattern | undefined {
  let best: { pattern: FactPattern; index: number } | undefined;
  for (const pattern of patterns) {
    const match = pattern.pattern.exec(text);
    if (match && (!best || match.index < best.index)) best = { pattern, index: match.index };
  }
  return best?.pattern;
}

function quotedMessage(text: string, says: RegExp): string | undefined {
  for (const re of QUOTED) {
    for (const m of text.matchAll(re)) {
      const candidate = (m[1] ?? '').trim();
      // One quoted word is usually a name ("the 'Office-5G' network"), not an error message.
      if (candidate.split(/\s+/).length >= 2 && candidate.length >= MESSAGE_MIN) return candidate;
    }
  }
  // Match the words on folded text, then take the message from the original so it keeps its accents.
  const original = text.normalize('NFC');
  const folded = original.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[łŁ]/g, 'l');
  const said = says.exec(folded);
  const group = said?.[1];
  if (!said || group === undefined) return undefined;
  const start = said.index + said[0].indexOf(group);
  const message = (
    folded.length === original.length ? original.slice(start, start + group.length) : group
  ).trim();
  return message && message.length >= MESSAGE_MIN && message.length <= MESSAGE_MAX ? message : undefined;
}
