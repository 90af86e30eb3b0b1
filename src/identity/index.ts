export { HostIdentityVerifier, MAX_HOST_TOKEN_LIFETIME_SECONDS } from './host-identity';
export { findEmailAddress, parseEmailAddress } from './email-address';
export { VERIFIED_USER_FIELD, verifiedUserOf, withVerifiedUser, type VerifiedUser } from './verified-user';
export { teamsRosterIdentity } from './teams-roster';
