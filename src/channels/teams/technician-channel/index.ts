export {
  createTechnicianChannel,
  type TechnicianChannel,
  type TechnicianChannelDeps,
} from './technician-channel';
export type { TechnicianChannelSettings } from './channel-types';
export { buildCard } from './handoff-card';
export { channelCardPoster } from './channel-poster';
