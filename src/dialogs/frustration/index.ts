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
  tookFrustrationOffer,
  isFrustratedTurn,
  personOfferedBefore,
  offerPersonAfterReply,
  type FrustrationOptions,
  type FrustrationTexts,
} from './frustration-middleware';
