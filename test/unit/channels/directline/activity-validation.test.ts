import {
  activityId,
  clientActivityId,
  keepStart,
  parseClientActivity,
  parseWatermark,
  SHORTENED_FROM_FIELD,
} from '../../../../src/channels/directline/activity-validation';
import { AppError } from '../../../../src/errors';

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
}

describe('parseClientActivity', () => {
  test('keeps what a bot may read and drops what only the server may set', () => {
    const parsed = parseClientActivity(
      {
        type: 'message',
        text: 'hello',
        locale: 'de-DE',
        from: { id: 'admin' },
        id: 'forged',
        conversation: { id: 'other' },
        recipient: { id: 'x' },
        serviceUrl: 'https://evil.example',
        channelData: { clientActivityID: 'abc', clientTimestamp: 't' },
      },
      100,
    );
    expect(parsed).toEqual({
      type: 'message',
      text: 'hello',
      locale: 'de-DE',
      channelData: { clientActivityID: 'abc', clientTimestamp: 't' },
    });
  });

  test('counts characters, not UTF-16 units, against the limit', () => {
    const atLimit = parseClientActivity({ type: 'message', text: '😀'.repeat(5) }, 5);
    expect(atLimit).toEqual({ type: 'message', text: '😀'.repeat(5) });
  });

  test('keeps a long text, marked with its length, cut to twice the limit until redaction has read it', () => {
    const long = parseClientActivity({ type: 'message', text: '😀'.repeat(30) }, 5);
    expect(long).toEqual({
      type: 'message',
      text: '😀'.repeat(10),
      channelData: { [SHORTENED_FROM_FIELD]: 30 },
    });
    expect(keepStart(long, 5).text).toBe('😀'.repeat(5));
    // A client cannot mark a short text as shortened: unknown channelData fields are dropped.
    const forged = parseClientActivity(
      { type: 'message', text: 'hi', channelData: { [SHORTENED_FROM_FIELD]: 9000 } },
      5,
    );
    expect(forged).toEqual({ type: 'message', text: 'hi', channelData: {} });
  });

  test('refuses bad shapes with BadArgument', () => {
    for (const body of [
      undefined,
      null,
      'text',
      {},
      { type: '' },
      { type: 3 },
      { type: 'message', text: 5 },
    ]) {
      expect(errorCode(() => parseClientActivity(body, 10))).toBe('BadArgument');
    }
    expect(
      errorCode(() =>
        parseClientActivity({ type: 'message', channelData: { clientActivityID: 'x'.repeat(200) } }, 10),
      ),
    ).toBe('BadArgument');
  });

  test('keeps of channelData only what Web Chat needs back, however much was sent', () => {
    const parsed = parseClientActivity(
      {
        type: 'message',
        text: 'hi',
        channelData: { clientActivityID: 'a1', postBack: true, junk: 'x'.repeat(200_000), nested: { a: 1 } },
      },
      100,
    );
    expect(parsed.channelData).toEqual({ clientActivityID: 'a1', postBack: true });
  });

  test('refuses types a client does not send, and value or entities too big or too deep', () => {
    for (const type of ['conversationUpdate', 'invoke', 'endOfConversation', 'trace']) {
      expect(errorCode(() => parseClientActivity({ type }, 10))).toBe('BadArgument');
    }
    const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: deep(levels - 1) });
    expect(errorCode(() => parseClientActivity({ type: 'event', value: deep(9) }, 10))).toBe('BadArgument');
    expect(parseClientActivity({ type: 'event', value: deep(7) }, 10).value).toEqual(deep(7));
    expect(errorCode(() => parseClientActivity({ type: 'event', value: 'x'.repeat(9000) }, 10))).toBe(
      'PayloadTooLarge',
    );
    expect(
      errorCode(() =>
        parseClientActivity({ type: 'message', entities: [{ type: 'x', v: 'y'.repeat(3000) }] }, 10),
      ),
    ).toBe('PayloadTooLarge');
    expect(
      errorCode(() =>
        parseClientActivity({ type: 'message', entities: Array.from({ length: 9 }, () => ({})) }, 10),
      ),
    ).toBe('BadArgument');
  });

  test('refuses attachments honestly', () => {
    expect(errorCode(() => parseClientActivity({ type: 'message', attachments: [{}] }, 10))).toBe(
      'AttachmentsNotSupported',
    );
    expect(parseClientActivity({ type: 'message', attachments: [] }, 10).attachments).toEqual([]);
  });
});

describe('ids and watermarks', () => {
  test('activity ids are the conversation id and a padded index', () => {
    expect(activityId('abc', 0)).toBe('abc|0000000');
    expect(activityId('abc', 12345)).toBe('abc|0012345');
  });

  test('clientActivityId reads channelData defensively', () => {
    expect(clientActivityId({ channelData: { clientActivityID: 'a' } })).toBe('a');
    expect(clientActivityId({ channelData: { clientActivityID: 5 } })).toBeUndefined();
    expect(clientActivityId({})).toBeUndefined();
  });

  test('watermarks are non-negative integers; empty means the start', () => {
    expect(parseWatermark(undefined)).toBe(0);
    expect(parseWatermark('')).toBe(0);
    expect(parseWatermark('42')).toBe(42);
    for (const bad of ['-1', '1.5', 'abc', ['1'], '1e3']) {
      expect(errorCode(() => parseWatermark(bad))).toBe('BadArgument');
    }
  });
});
