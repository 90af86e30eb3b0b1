import { mongoTestsEnabled, resolveMongoTarget } from '../../helpers/mongo-target';

describe('mongo test target', () => {
  const originalCi = process.env.CI;
  afterEach(() => {
    if (originalCi === undefined) delete process.env.CI;
    else process.env.CI = originalCi;
    jest.restoreAllMocks();
  });

  it('prefers MONGODB_URI', () => {
    expect(resolveMongoTarget({ MONGODB_URI: 'mongodb://db:27017/' })).toEqual({
      kind: 'uri',
      uri: 'mongodb://db:27017/',
    });
  });

  it('fails loudly in CI when no server is available', () => {
    process.env.CI = 'true';
    expect(() => mongoTestsEnabled({ kind: 'missing', reason: 'nothing installed' }, 'suite')).toThrow(
      /cannot run in CI: nothing installed/,
    );
  });

  it('skips with a message outside CI', () => {
    delete process.env.CI;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(mongoTestsEnabled({ kind: 'missing', reason: 'nothing installed' }, 'suite')).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('SKIPPED: nothing installed'));
  });

  it('runs when a target exists', () => {
    expect(mongoTestsEnabled({ kind: 'ferretdb', binary: '/x/ferretdb' }, 'suite')).toBe(true);
  });
});
