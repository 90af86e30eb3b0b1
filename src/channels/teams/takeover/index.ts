export { createTeamsTakeover, type TeamsTakeover, type TeamsTakeoverDeps } from './teams-takeover';
export type { TakeoverSettings } from './takeover-types';
export { buildCard } from './takeover-card';
