import type { Lang } from '../../i18n/languages';
import { LANGUAGES } from '../../i18n/languages';
import type { MatchDocument } from '../../knowledge/matcher';
import type { FlowDefinition, LocalText } from './flow-schema';

/** The flows the engine can run, by id. Immutable once built. */
export class FlowLibrary {
  private readonly byId: ReadonlyMap<string, FlowDefinition>;

  constructor(flows: readonly FlowDefinition[]) {
    this.byId = new Map(flows.map((flow) => [flow.id, flow]));
  }

  get(id: string): FlowDefinition | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  all(): FlowDefinition[] {
    return [...this.byId.values()];
  }

  /** The generic request form (`requestForm: true`), if the content has one. */
  requestForm(): FlowDefinition | undefined {
    return this.all().find((flow) => flow.requestForm === true);
  }

  /** Whether a flow of its own handles `topic` (the request form handles none). */
  hasTopic(topic: string): boolean {
    return this.all().some((flow) => flow.topic === topic);
  }

  /** A node's text in `language` (English when it has none), e.g. to title a step on a ticket. */
  nodeText(flowId: string, nodeId: string, language: Lang = 'en'): string | undefined {
    const node = this.byId.get(flowId)?.nodes[nodeId];
    const text = node && 'text' in node ? (node.text as LocalText | undefined) : undefined;
    return text ? localise(text, language) : undefined;
  }

  /** What the matcher indexes: one document per flow and language, its triggers as examples. */
  documents(): MatchDocument[] {
    return this.all().flatMap(flowDocuments);
  }
}

export function flowDocuments(flow: FlowDefinition): MatchDocument[] {
  const { topic } = flow;
  // The request form is never matched itself: it has no topic and no triggers.
  if (topic === undefined) return [];
  return LANGUAGES.flatMap((language) => {
    const examples = flow.triggers?.[language];
    if (!examples || examples.length === 0) return [];
    return [
      {
        kind: 'flow' as const,
        id: flow.id,
        topic,
        title: localise(flow.title, language),
        language,
        examples,
        tags: [],
        body: '',
      },
    ];
  });
}

/** The text in `lang`, else English (the schema requires it; the checker reports the gap). */
export function localise(text: LocalText, lang: Lang): string {
  return text[lang] ?? text.en;
}
