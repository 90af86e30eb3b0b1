export { createHttpServer } from './http-server';
export { registerHealthRoutes, type ReadinessProbe } from './health-routes';
export { InFlightTracker } from './in-flight';
export { securityHeaders } from './security-headers';
export { startupBanner, localBaseUrl } from './startup-banner';
export {
  assertBoundedField,
  measureJson,
  rejectUnsafeJson,
  MAX_JSON_DEPTH,
  type JsonShape,
} from './json-limits';
