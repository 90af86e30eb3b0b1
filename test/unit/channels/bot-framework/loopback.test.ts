import { isLoopbackAddress, isLoopbackUrl } from '../../../../src/channels/bot-framework/loopback';

describe('loopback checks for unauthenticated /api/messages', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.5.6.7', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1', false],
    ['', false],
    [undefined, false],
  ])('address %s is loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  test.each([
    ['http://localhost:3979', true],
    ['http://127.0.0.1:1234/path', true],
    ['https://[::1]:8443/', true],
    ['http://127.1/', true],
    ['http://localhost.attacker.example/', false],
    ['http://attacker.example/', false],
    ['https://smba.trafficmanager.net/emea/', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('serviceUrl %s is loopback: %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});
