export * from './audit-types';
export { AuditLog, AUDIT_COLLECTION, pseudonymousUserId, technicianActor } from './audit-log';
