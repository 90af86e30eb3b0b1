import type { Server } from 'restify';
import type { Logger } from '../logging';
import { errorBody } from '../errors';

export interface ReadinessProbe {
  ping(): Promise<void>;
}

/** `/healthz`: the process answers. `/readyz`: it can also reach its storage. */
export function registerHealthRoutes(
  server: Server,
  deps: { storage: ReadinessProbe; isShuttingDown: () => boolean; logger: Logger },
): void {
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    if (deps.isShuttingDown()) {
      res.send(503, errorBody('ServiceUnavailable', 'Shutting down.'));
      return;
    }
    try {
      await deps.storage.ping();
      res.send(200, { status: 'ready' });
    } catch (err) {
      deps.logger.warn({ err }, 'readiness check failed: storage unreachable');
      res.send(503, errorBody('ServiceUnavailable', 'Storage is not reachable.'));
    }
  });
}
