import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkFlowContent, loadAppFlows, startupFlows } from '../../../src/dialogs/flows';
import { loadConfig } from '../../../src/config';
import type { Logger } from '../../../src/logging';
import { shippedContent } from '../../helpers/shipped-content';

const ROOT = path.join(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/flows');

function recordingLogger(): { logger: Logger; errors: unknown[][] } {
  const errors: unknown[][] = [];
  const logger = {
    error: (...args: unknown[]) => void errors.push(args),
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
  } as unknown as Logger;
  return { logger, errors };
}

describe('flows at start-up', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-startup-'));
    fs.cpSync(path.join(ROOT, 'content/flows/strings'), path.join(dir, 'strings'), { recursive: true });
    for (const name of ['demo-printer.yaml', 'demo-mobile-print.yaml']) {
      fs.copyFileSync(path.join(FIXTURES, 'good', name), path.join(dir, name));
    }
    fs.copyFileSync(path.join(FIXTURES, 'broken-loop.yaml'), path.join(dir, 'broken-loop.yaml'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const options = (skipInvalid: boolean, logger: Logger) => ({
    flowsDir: dir,
    articleIds: new Set(['printer-not-printing']),
    taxonomyFile: path.join(ROOT, 'content/taxonomy.yaml'),
    skipInvalid,
    logger,
  });

  it('refuses to start with a broken flow, naming file and line', () => {
    const { logger } = recordingLogger();
    expect(() => startupFlows(checkFlowContent(options(false, logger)), options(false, logger))).toThrow(
      /broken-loop\.yaml:14: error: loop with no way out/,
    );
  });

  it('with FLOWS_SKIP_INVALID leaves the broken flow out and logs it at error level', () => {
    const { logger, errors } = recordingLogger();
    const { library } = startupFlows(checkFlowContent(options(true, logger)), options(true, logger));
    expect(
      library
        .all()
        .map((f) => f.id)
        .sort(),
    ).toEqual(['demo-mobile-print', 'demo-printer']);
    const logged = JSON.stringify(errors);
    expect(logged).toContain('broken-loop.yaml:14');
    expect(logged).toMatch(/SKIPPED/);
  });

  it('reads FLOWS_SKIP_INVALID and FLOW_RESUME_AFTER_HOURS from the environment', () => {
    const defaults = loadConfig({ NODE_ENV: 'test' });
    expect(defaults.flows).toEqual(expect.objectContaining({ skipInvalid: false, resumeAfterHours: 12 }));
    const set = loadConfig({ NODE_ENV: 'test', FLOWS_SKIP_INVALID: 'true', FLOW_RESUME_AFTER_HOURS: '48' });
    expect(set.flows).toEqual(expect.objectContaining({ skipInvalid: true, resumeAfterHours: 48 }));
  });

  it('runs without guided flows when the folder does not exist', () => {
    const { logger } = recordingLogger();
    const config = loadConfig({ NODE_ENV: 'test', CONTENT_DIR: path.join(dir, 'nowhere') });
    const content = shippedContent();
    const flows = {
      flows: content.flows,
      strings: content.flowStrings,
      organisation: () => undefined,
      serviceDesk: () => undefined,
    };
    expect(loadAppFlows({ config, logger, content: flows }).documents).toEqual([]);
  });
});
