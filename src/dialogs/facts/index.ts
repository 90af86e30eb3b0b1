export { extractFacts, type ExtractedFacts } from './extract-facts';
export { findErrorCodes, type FoundCode } from './error-codes';
