export {
  assessFrustration,
  cuesIn,
  isShouting,
  FRUSTRATION_THRESHOLD,
  type FrustrationCue,
  type FrustrationSignal,
  type FrustrationState,
} from './assess-frustration';
export { LEXICON, type FrustrationLexicon } from './lexicon';
export {
  frustrationMiddleware,
  type FrustrationOptions,
  type FrustrationTexts,
} from './frustration-middleware';
