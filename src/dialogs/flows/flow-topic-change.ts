import { withoutChangeOfMind } from '../topic-switch';
import { nodeOptions, type AnswerContext, type Interpretation } from './flow-answers';
import type { FlowNode } from './flow-schema';

/** What topicChange asks the matcher about a message typed in a flow. */
export interface TopicReader {
  /** Whether the message reports something broken ("keeps crashing", "geht nicht"; `matching.fault`). */
  reportsFault(text: string): boolean;
  /** Whether the text clearly names another topic, told whether the user changed their mind. */
  isOtherTopic(text: string, changedMind: boolean): boolean;
}

/**
 * The new topic when a message typed at `node` is a change of topic the user meant, not the answer
 * it could be read as; undefined when it is the answer. Either it says so ("actually it's my
 * outlook", "eigentlich brauche ich den Finance-Ordner": the new topic is the message without
 * that cue), or, at a question that takes any text, it reports a fault of another topic ("outlook
 * keeps crashing" for "Which printer is it?"). Names alone stay answers, however well they match:
 * "Adobe Acrobat Pro" for "Which program do you need?" is sure to be about the software licence
 * article, and still the answer. Either way the message must name the other topic clearly.
 */
export function topicChange(
  text: string,
  node: FlowNode,
  meaning: Interpretation,
  ctx: AnswerContext,
  topics: TopicReader,
): string | undefined {
  const rest = withoutChangeOfMind(text, ctx.words);
  if (rest !== undefined) return rest && topics.isOtherTopic(rest, true) ? rest : undefined;
  const freeText =
    (node.type === 'question' && node.input === 'text') ||
    (node.type === 'collect' && nodeOptions(node, ctx).length === 0);
  return meaning.kind === 'answer' &&
    freeText &&
    topics.reportsFault(text) &&
    topics.isOtherTopic(text, false)
    ? text
    : undefined;
}
