import http from 'node:http';
import type { Socket } from 'node:net';
import { startApp, type RunningApp } from '../../helpers/in-process-app';

/**
 * A server that closes an idle connection while the client (or the load balancer in front) still
 * counts it as open races the next request sent on it: that request fails with ECONNRESET and the
 * server never sees it. Node closes idle connections after 5 s; FirstLine keeps them longer.
 */
interface Answer {
  status: number;
  keepAlive: string | undefined;
  socket: Socket;
  reusedSocket: boolean;
}

function get(agent: http.Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/healthz`, { agent }, (res) => {
      const socket = res.socket; // the agent takes it back once the body has been read
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          keepAlive: res.headers['keep-alive']?.toString(),
          socket,
          reusedSocket: req.reusedSocket,
        }),
      );
    });
    req.on('error', reject);
  });
}

describe('idle HTTP connections', () => {
  let defaults: RunningApp;
  let short: RunningApp;
  const agents: http.Agent[] = [];
  const keptAlive = () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  };

  beforeAll(async () => {
    defaults = await startApp();
    short = await startApp({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    for (const agent of agents) agent.destroy();
    await Promise.all([defaults.stop(), short.stop()]);
  });

  it('stay open 65 s by default, longer than the usual load balancer idle timeout', async () => {
    const answer = await get(keptAlive(), defaults.url);
    expect(answer.status).toBe(200);
    expect(answer.keepAlive).toBe('timeout=65');
  });

  it('close after HTTP_KEEP_ALIVE_TIMEOUT_MS, while a default connection idle as long is still reused', async () => {
    const longAgent = keptAlive();
    const shortAgent = keptAlive();
    const [onDefault, onShort] = await Promise.all([
      get(longAgent, defaults.url),
      get(shortAgent, short.url),
    ]);
    expect(onShort.keepAlive).toBe('timeout=0');
    // The short server closes its idle connection itself (not a fixed wait: the close event).
    await new Promise((resolve) => onShort.socket.once('close', resolve));
    expect(onDefault.socket.destroyed).toBe(false);
    const again = await get(longAgent, defaults.url);
    expect(again.status).toBe(200);
    expect(again.reusedSocket).toBe(true);
  });
});
