export type { RedactionFinding, RedactionPolicy, RedactionResult, Redactor, SecretKind } from './types';
export { SECRET_KINDS } from './types';
export { createRedactor, defaultPolicy, personalDataPolicy } from './redactor';
export type { RedactionOverrides } from './redactor';
export { createRedactionPipeline } from './pipeline';
export type { RedactionPipeline, Speaker, PipelineOptions } from './pipeline';
export {
  redactionMiddleware,
  turnRedactionFindings,
  userSpeaker,
  REDACTION_FINDINGS_KEY,
} from './middleware';
export type { RedactionMiddlewareOptions } from './middleware';
export { redactingLogMethod, redactLogArgument } from './log-redaction';
export { redactionNotice, loadPrivacyMessages } from './messages';
export { expectNoCanary, findCanary } from './canary';
export { luhnValid, ibanChecksumValid } from './checksums';
export { checkPrivacyContent } from './content-check';
