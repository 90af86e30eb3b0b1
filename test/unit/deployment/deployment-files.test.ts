import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { envSchema } from '../../../src/config/schema';

const ROOT = path.join(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

/** Dockerfile instructions with line continuations joined, comments dropped, tagged by build stage. */
function dockerInstructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  let stage = -1;
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      if (keyword.toUpperCase() === 'FROM') stage += 1;
      return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
    });
}

describe('deployment/docker', () => {
  const instructions = dockerInstructions(read('deployment/docker/Dockerfile'));
  const finalStage = Math.max(...instructions.map((i) => i.stage));
  const inFinal = (keyword: string) =>
    instructions.filter((i) => i.stage === finalStage && i.keyword === keyword);

  it('is a multi-stage build on Node 22 or newer', () => {
    const froms = instructions.filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(Number(/node:(\d+)/.exec(from.args)?.[1])).toBeGreaterThanOrEqual(22);
    expect(inFinal('COPY').some((c) => c.args.includes('--from=build'))).toBe(true);
  });

  it('runs as a non-root user with a health check', () => {
    const users = inFinal('USER').map((u) => u.args);
    expect(users.at(-1)).toBeDefined();
    expect(users.at(-1)).not.toMatch(/^(root|0)$/);
    expect(inFinal('HEALTHCHECK')[0]?.args).toMatch(/\/healthz/);
    expect(inFinal('EXPOSE')[0]?.args).toBe('3978');
  });

  it('starts with the command the README documents', () => {
    const cmd = JSON.parse(inFinal('CMD').at(-1)?.args ?? '[]') as string[];
    expect(cmd).toEqual(['node', 'bin/firstline.js', 'serve']);
    expect(read('README.md')).toContain(cmd.join(' '));
    expect(read('deployment/azure/main.bicep')).toContain(`appCommandLine: '${cmd.join(' ')}'`);
  });

  it('copies everything the server reads at run time', () => {
    const copied = inFinal('COPY').map((c) => c.args);
    for (const needed of ['dist', 'node_modules', 'content', 'bin', 'package.json', 'deployment/teams']) {
      expect(copied.some((args) => args.includes(needed))).toBe(true);
    }
  });

  it('has a compose file with FirstLine on MongoDB, both health-checked', () => {
    const compose = YAML.parse(read('deployment/docker/compose.yaml')) as {
      services: Record<string, Record<string, unknown>>;
    };
    const { firstline, mongo } = compose.services;
    expect(firstline).toBeDefined();
    expect(mongo).toBeDefined();
    expect((firstline!.build as { dockerfile: string }).dockerfile).toBe('deployment/docker/Dockerfile');
    expect((firstline!.environment as Record<string, string>).MONGODB_URI).toMatch(
      /^mongodb:\/\/mongo:27017\//,
    );
    expect(firstline!.depends_on).toEqual({ mongo: { condition: 'service_healthy' } });
    expect(firstline!.healthcheck).toBeDefined();
    expect(mongo!.healthcheck).toBeDefined();
    expect(String(mongo!.image)).toMatch(/^mongo:[6-9]/);
  });
});

describe('deployment/azure', () => {
  const bicep = read('deployment/azure/main.bicep');

  it('creates the App Service on Node 22+, the bot with Teams and Direct Line, and MongoDB', () => {
    expect(bicep).toMatch(/linuxFxVersion: 'NODE\|2[2-9]-lts'/);
    expect(bicep).toMatch(/resource \w+ 'Microsoft\.BotService\/botServices@/);
    expect(bicep).toMatch(/channelName: 'MsTeamsChannel'/);
    expect(bicep).toMatch(/channelName: 'DirectLineChannel'/);
    expect(bicep).toMatch(/'Microsoft\.DocumentDB\/mongoClusters@/);
    expect(bicep).toMatch(/endpoint: '\$\{publicUrl\}\/api\/messages'/);
    expect(bicep).toMatch(/healthCheckPath: '\/readyz'/);
  });

  it('sets only settings FirstLine knows, and marks secrets secure', () => {
    const known = new Set(Object.keys(envSchema.shape));
    const settings = [...bicep.matchAll(/\{ name: '([A-Z_]+)', value:/g)].map((m) => m[1]!);
    const platform = new Set(['SCM_DO_BUILD_DURING_DEPLOYMENT']);
    expect(settings.filter((s) => !known.has(s) && !platform.has(s))).toEqual([]);
    for (const secret of [
      'microsoftAppPassword',
      'mongodbUri',
      'mongoAdminPassword',
      'directLineTokenSecret',
      'adminToken',
    ]) {
      expect(bicep).toMatch(new RegExp(`@secure\\(\\)\\s*\\nparam ${secret} string`));
    }
  });

  it('has a parameters file naming only parameters the template declares', () => {
    const declared = new Set([...bicep.matchAll(/^param (\w+) /gm)].map((m) => m[1]));
    const parameters = JSON.parse(read('deployment/azure/main.parameters.json')) as { parameters: object };
    for (const name of Object.keys(parameters.parameters)) expect(declared.has(name)).toBe(true);
  });
});
