export { flowSchema, flowJsonSchema, STANDARD_FACTS, FACT_VALUES, OUTCOME_TYPES } from './flow-schema';
export type { FlowDefinition, FlowNode, LocalText, FactName, Priority } from './flow-schema';
export { loadFlows, loadFlowFile, parseFlow, type LoadedFlow, type LoadedFlows } from './load-flows';
export { checkFlows, type FlowReferences } from './check-flows';
export { checkFlowContent, startupFlows, type FlowContent, type FlowContentOptions } from './flow-content';
export { formatFlowProblem, hasFlowErrors, type FlowProblem, type FlowProblemCode } from './flow-problems';
export { FlowLibrary, flowDocuments, localise } from './flow-library';
export { checkFlowStrings, REQUIRED_STRINGS, STRINGS_DIR, type FlowStrings } from './flow-strings';
export {
  FlowDialog,
  FLOW_DIALOG,
  type FlowDialogOptions,
  type FlowEngineDeps,
  type CaseFileSource,
} from './flow-dialog';
export { flowHandler } from './flow-handler';
export type { FlowCaseFile, FlowCaseFields, FlowAnswer, FlowHandoff, FlowTicketRequest } from './flow-case';
export { loadAppFlows, type AppFlows, type FlowsContent } from './app-flows';
