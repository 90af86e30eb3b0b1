import { z } from 'zod';
import { technicianActor, type AuditAction } from '../../audit';
import { AppError } from '../../errors';
import { LANGUAGES } from '../../i18n/languages';
import { parseEmailAddress } from '../../identity';
import type { Caller } from '../auth/authenticator';
import type { ConsoleApiDeps } from './api-deps';
import { notFound } from './access';
import { hasRole, isActive, publicTechnician, ROLES, STATUSES, type Technician } from './ports';
import { defineRoute, type ConsoleRoute } from './route-registry';

const TECHNICIAN = '/api/console/technicians/{technicianId}';

/**
 * Technician administration: create, change role, rotate the token, disable or enable, end
 * sessions. Each change is audited. Ending access (disabling, ending sessions) is open to leads for
 * technicians up to their own role; everything else needs an admin.
 */
export function technicianRoutes(deps: ConsoleApiDeps): ConsoleRoute[] {
  const audit = (caller: Caller, action: AuditAction, target: Technician, detail?: Record<string, string>) =>
    deps.audit.record({
      action,
      actor: technicianActor(caller.technician),
      subject: { kind: 'technician', id: target.id },
      ...(detail ? { detail } : {}),
    });

  /** The target, when the caller's role reaches the target's (a lead cannot lock out an admin). */
  const target = async (caller: Caller, params: Record<string, string>): Promise<Technician> => {
    const found = await deps.directory.get(params.technicianId ?? '');
    if (!found) throw notFound('technician');
    if (!hasRole(caller.technician, found.role)) {
      throw new AppError('Forbidden', `Only an ${found.role === 'admin' ? 'admin' : 'lead'} can do this.`);
    }
    return found;
  };

  return [
    defineRoute({
      operationId: 'listTechnicians',
      method: 'get',
      path: '/api/console/technicians',
      tag: 'technicians',
      summary: 'Every technician with role, skills, languages, availability and status.',
      minRole: 'lead',
      responds: '`{ "technicians": [...] }`',
      handler: async () => ({ body: { technicians: (await deps.directory.list()).map(publicTechnician) } }),
    }),
    defineRoute({
      operationId: 'listColleagues',
      method: 'get',
      path: '/api/console/colleagues',
      tag: 'technicians',
      summary:
        'The active technicians anyone may pass a conversation to (transferHandoff), with what routing ' +
        'and a colleague need to choose: name, availability, skills and languages; no roles, e-mail ' +
        'addresses or sign-in details.',
      minRole: 'technician',
      responds: '`{ "colleagues": [{ "id", "name", "availability", "skills", "languages" }] }`',
      handler: async () => ({
        body: {
          colleagues: (await deps.directory.list()).filter(isActive).map((technician) => ({
            id: technician.id,
            name: technician.name,
            availability: technician.availability,
            skills: technician.skills,
            languages: technician.languages,
          })),
        },
      }),
    }),
    defineRoute({
      operationId: 'createTechnician',
      method: 'post',
      path: '/api/console/technicians',
      tag: 'technicians',
      summary: 'Create a technician; the API token is returned once and only stored hashed.',
      minRole: 'admin',
      body: z.object({
        name: z.string().trim().min(1).max(200),
        role: z.enum(ROLES).default('technician'),
        skills: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
        languages: z.array(z.enum(LANGUAGES)).default([]),
        email: z
          .string()
          .max(254)
          .refine((value) => parseEmailAddress(value) !== undefined, 'not an e-mail address')
          .optional(),
        aad: z.object({ tenantId: z.uuid(), objectId: z.uuid() }).optional(),
      }),
      example: {
        name: 'Ada Example',
        role: 'technician',
        skills: ['vpn'],
        languages: ['en', 'de'],
        email: 'ada@example.com',
      },
      responds: '`{ "technician": {...}, "token": "flt_..." }` (201)',
      handler: async ({ caller, body }) => {
        const email = body.email === undefined ? undefined : parseEmailAddress(body.email);
        const created = await deps.directory.create({ ...body, email });
        await audit(caller, 'technician.created', created.technician, { role: created.technician.role });
        return {
          status: 201,
          body: { technician: publicTechnician(created.technician), token: created.token },
        };
      },
    }),
    defineRoute({
      operationId: 'setTechnicianRole',
      method: 'put',
      path: `${TECHNICIAN}/role`,
      tag: 'technicians',
      summary: "Change a technician's role (their open live feeds end and reconnect with the new role).",
      minRole: 'admin',
      resource: 'technician',
      body: z.object({ role: z.enum(ROLES) }),
      example: { role: 'lead' },
      responds: '`{ "technician": {...} }`',
      handler: async ({ caller, params, body }) => {
        const before = await target(caller, params);
        const updated = await deps.directory.update(before.id, { role: body.role });
        if (!updated) throw notFound('technician');
        await audit(caller, 'technician.role-changed', updated, { from: before.role, to: updated.role });
        return { body: { technician: publicTechnician(updated) } };
      },
    }),
    defineRoute({
      operationId: 'rotateTechnicianToken',
      method: 'post',
      path: `${TECHNICIAN}/token`,
      tag: 'technicians',
      summary:
        "Revoke a technician's API token and issue a new one (returned once); their sessions and live " +
        'feeds end too.',
      minRole: 'admin',
      resource: 'technician',
      responds: '`{ "token": "flt_..." }`',
      handler: async ({ caller, params }) => {
        const found = await target(caller, params);
        const token = await deps.directory.rotateToken(found.id);
        if (!token) throw notFound('technician');
        await deps.sessions.deleteAllOf(found.id);
        await audit(caller, 'technician.token-rotated', found);
        return { body: { token } };
      },
    }),
    defineRoute({
      operationId: 'setTechnicianStatus',
      method: 'put',
      path: `${TECHNICIAN}/status`,
      tag: 'technicians',
      summary:
        'Disable a technician (token, sessions and live feeds stop at once, on every instance) or ' +
        'enable them again. Leads may do this for technicians up to their own role.',
      minRole: 'lead',
      resource: 'technician',
      body: z.object({ status: z.enum(STATUSES) }),
      example: { status: 'disabled' },
      responds: '`{ "technician": {...} }`',
      handler: async ({ caller, params, body }) => {
        const found = await target(caller, params);
        if (found.id === caller.technician.id && body.status === 'disabled') {
          throw new AppError('BadArgument', 'Invalid "status": you cannot disable yourself.');
        }
        const updated = await deps.directory.setStatus(found.id, body.status);
        if (!updated) throw notFound('technician');
        if (body.status === 'disabled') await deps.sessions.deleteAllOf(found.id);
        await audit(
          caller,
          body.status === 'disabled' ? 'technician.disabled' : 'technician.enabled',
          updated,
        );
        return { body: { technician: publicTechnician(updated) } };
      },
    }),
    defineRoute({
      operationId: 'endTechnicianSessions',
      method: 'delete',
      path: `${TECHNICIAN}/sessions`,
      tag: 'technicians',
      summary:
        'End every console session and live feed of a technician (their API token keeps working). ' +
        'Leads may do this for technicians up to their own role.',
      minRole: 'lead',
      resource: 'technician',
      responds: '`{ "technician": {...}, "sessionsEnded": 2 }`',
      handler: async ({ caller, params }) => {
        const found = await target(caller, params);
        const updated = await deps.directory.endSessions(found.id);
        if (!updated) throw notFound('technician');
        const sessionsEnded = await deps.sessions.deleteAllOf(found.id);
        await audit(caller, 'technician.sessions-ended', updated, { sessions: String(sessionsEnded) });
        return { body: { technician: publicTechnician(updated), sessionsEnded } };
      },
    }),
  ];
}
