export {
  assessFrustration,
  cuesIn,
  isShouting,
  withoutFeelings,
  FRUSTRATION_THRESHOLD,
  type FrustrationCue,
  type FrustrationSignal,
  type FrustrationState,
} from './assess-frustration';
export type { FrustrationLexicon } from '../../words';
export {
  frustrationMiddleware,
  type FrustrationOptions,
  type FrustrationTexts,
} from './frustration-middleware';
