export * from './technician-types';
export { TechnicianDirectory, hashToken, type NewTechnician } from './technician-directory';
