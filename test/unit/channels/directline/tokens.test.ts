import { DirectLineTokens, bearerToken } from '../../../../src/channels/directline/tokens';
import { AppError } from '../../../../src/errors';

function secretStore() {
  const values = new Map<string, string>();
  let creations = 0;
  return {
    get creations() {
      return creations;
    },
    async getOrCreate(name: string, create: () => string) {
      if (!values.has(name)) {
        creations++;
        values.set(name, create());
      }
      return values.get(name) as string;
    },
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
}

describe('DirectLineTokens', () => {
  test('round-trips conversation and user, with the claims the official client reads', async () => {
    const tokens = new DirectLineTokens({ secrets: secretStore(), ttlSeconds: 600 });
    const issued = await tokens.issue('conv-1', 'dl_user');
    expect(issued.expiresIn).toBe(600);
    const payload = JSON.parse(Buffer.from(issued.token.split('.')[1] ?? '', 'base64url').toString());
    expect(payload).toMatchObject({
      conv: 'conv-1',
      user: 'dl_user',
      iss: 'firstline',
      aud: 'firstline-directline',
    });
    await expect(tokens.verify(issued.token)).resolves.toEqual({
      conversationId: 'conv-1',
      userId: 'dl_user',
      expiresAt: issued.expiresAt,
      generation: 0,
    });
  });

  test('instances sharing the secret store accept each other’s tokens; the key is generated once', async () => {
    const secrets = secretStore();
    const a = new DirectLineTokens({ secrets, ttlSeconds: 60 });
    const b = new DirectLineTokens({ secrets, ttlSeconds: 60 });
    const token = (await a.issue('c', 'u')).token;
    await expect(b.verify(token)).resolves.toMatchObject({ conversationId: 'c' });
    expect(secrets.creations).toBe(1);
  });

  test('a configured secret wins over the store, and tokens from another key are refused', async () => {
    const secrets = secretStore();
    const configured = new DirectLineTokens({ configuredSecret: 's'.repeat(40), secrets, ttlSeconds: 60 });
    const generated = new DirectLineTokens({ secrets, ttlSeconds: 60 });
    const token = (await configured.issue('c', 'u')).token;
    expect(secrets.creations).toBe(0);
    expect(await codeOf(generated.verify(token))).toBe('Unauthorized');
  });

  test('expired tokens are TokenExpired; a stream ticket is not a REST token and vice versa', async () => {
    const tokens = new DirectLineTokens({ secrets: secretStore(), ttlSeconds: 60 });
    const past = Math.floor(Date.now() / 1000) - 5;
    expect(await codeOf(tokens.verify((await tokens.issue('c', 'u', 'rest', past)).token))).toBe(
      'TokenExpired',
    );
    const ticket = (await tokens.issue('c', 'u', 'stream')).token;
    expect(await codeOf(tokens.verify(ticket))).toBe('Unauthorized');
    await expect(tokens.verify(ticket, 'stream')).resolves.toMatchObject({ userId: 'u' });
    const rest = (await tokens.issue('c', 'u')).token;
    expect(await codeOf(tokens.verify(rest, 'stream'))).toBe('Unauthorized');
  });

  test('refuses alg "none" and tampered payloads', async () => {
    const tokens = new DirectLineTokens({ secrets: secretStore(), ttlSeconds: 60 });
    const [, payload, signature] = (await tokens.issue('c', 'u')).token.split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(await codeOf(tokens.verify(`${none}.${payload}.`))).toBe('Unauthorized');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, conv: 'other' })).toString('base64url');
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    expect(await codeOf(tokens.verify(`${header}.${tampered}.${signature}`))).toBe('Unauthorized');
  });

  test('a failed key load is retried on the next call', async () => {
    let calls = 0;
    const flaky = {
      async getOrCreate(_name: string, create: () => string) {
        calls++;
        if (calls === 1) throw new Error('database unreachable');
        return create();
      },
    };
    const tokens = new DirectLineTokens({ secrets: flaky, ttlSeconds: 60 });
    await expect(tokens.issue('c', 'u')).rejects.toThrow('database unreachable');
    await expect(tokens.issue('c', 'u')).resolves.toHaveProperty('token');
  });
});

describe('bearerToken', () => {
  test('extracts the token or refuses with Unauthorized', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer xyz')).toBe('xyz');
    for (const bad of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b']) {
      expect(() => bearerToken(bad)).toThrow(AppError);
    }
  });
});
