import type { AttachmentRecord } from '../../storage/ports';
import type { ConsoleApiDeps } from './api-deps';
import { notFound } from './access';
import { defineRoute, type ConsoleRoute } from './route-registry';

/** What the console needs of the attachment store. */
export interface ConsoleAttachments {
  get(id: string): Promise<AttachmentRecord | undefined>;
  read(id: string): Promise<Buffer | undefined>;
}

/** Only images are ever shown inline; everything else is a download, and nothing may run. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg']);

/** A file a user sent, for the technicians who may see its conversation. */
export function attachmentRoutes(deps: ConsoleApiDeps, attachments: ConsoleAttachments): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'getAttachment',
      method: 'get',
      path: '/api/console/attachments/{attachmentId}',
      tag: 'ticket',
      summary:
        'A file a user sent (PNG, JPEG, PDF or text), for technicians who may see its conversation. ' +
        'Images are served inline, everything else as a download; never rendered as a page.',
      minRole: 'technician',
      resource: 'attachment',
      produces: 'application/octet-stream',
      responds: 'The file, with its checked type, `Content-Disposition` and a sandboxing CSP',
      handler: async ({ caller, params }) => {
        const record = await attachments.get(params.attachmentId ?? '');
        if (!record) throw notFound('attachment');
        // The one conversation access rule; its "not found" names the attachment asked for.
        if (!(await deps.access.mayViewConversation(record.conversationId, caller.technician)))
          throw notFound('attachment');
        const content = await attachments.read(record.id);
        if (!content) throw notFound('attachment');
        return { body: undefined, raw: content, headers: fileHeaders(record) };
      },
    }),
  ];
}

export function fileHeaders(record: AttachmentRecord): Record<string, string> {
  const inline = INLINE_TYPES.has(record.mediaType);
  const type = record.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : record.mediaType;
  const ascii = record.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'content-type': type,
    'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(record.name)}`,
    'x-content-type-options': 'nosniff',
    // Even an image opened on its own gets no script, no plugins, no forms: a sandboxed origin.
    'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cache-control': 'private, no-store',
  };
}
