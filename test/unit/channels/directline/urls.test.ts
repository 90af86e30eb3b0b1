import { serviceUrlFor, streamUrl, webSocketOrigin } from '../../../../src/channels/directline/urls';

describe('Direct Line URLs', () => {
  test('the WebSocket origin comes from PUBLIC_URL first', () => {
    expect(webSocketOrigin('https://desk.example.com', { host: 'ignored' })).toBe('wss://desk.example.com');
    expect(webSocketOrigin('http://localhost:3978', {})).toBe('ws://localhost:3978');
  });

  test('else from Host and X-Forwarded-Proto, refusing junk hosts', () => {
    expect(webSocketOrigin(undefined, { host: 'a.example:8080' })).toBe('ws://a.example:8080');
    expect(webSocketOrigin(undefined, { host: 'a.example', 'x-forwarded-proto': 'https, http' })).toBe(
      'wss://a.example',
    );
    expect(webSocketOrigin(undefined, { host: '[::1]:3978' })).toBe('ws://[::1]:3978');
    expect(webSocketOrigin(undefined, { host: 'evil.example/path?x=' })).toBe('ws://localhost');
  });

  test('stream URLs carry the watermark and ticket, escaped', () => {
    expect(streamUrl('ws://h', 'c_1-x', 3, 'a.b.c')).toBe(
      'ws://h/v3/directline/conversations/c_1-x/stream?watermark=3&t=a.b.c',
    );
  });

  test('the service URL is stable', () => {
    expect(serviceUrlFor(undefined)).toBe('http://localhost/v3/directline');
    expect(serviceUrlFor('https://desk.example.com')).toBe('https://desk.example.com/v3/directline');
  });
});
