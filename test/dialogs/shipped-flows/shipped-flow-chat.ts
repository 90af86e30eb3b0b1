import { startupFlows, type FlowLibrary } from '../../../src/dialogs/flows';
import type { FlowCaseFile } from '../../../src/dialogs/flows';
import { silentLogger } from '../../../src/logging';
import { shippedContent } from '../../helpers/shipped-content';
import { startProductionApp, userChat, type ChatLike } from '../chat-harness';

/** The shipped flows, read by the one content loader and judged as `serve` does at start-up. */
const startup = startupFlows(shippedContent().flows, {
  skipInvalid: false,
  logger: silentLogger(),
});
export const library: FlowLibrary = startup.library;

// Each file's app starts before its first test.
startProductionApp();

/**
 * A web chat user talking to the whole app as `createApp` builds it: the shipped flows and the
 * articles competing in one matcher, the middleware, the real hand-over (always open).
 */
export function flowChat(): ChatLike {
  return userChat();
}

/** The case file as the flow engine wrote it. */
export async function flowCase(chat: ChatLike): Promise<FlowCaseFile> {
  const file = await chat.caseFile();
  if (!file) throw new Error('no case file');
  return file as FlowCaseFile;
}
