import fs from 'node:fs';
import path from 'node:path';

interface CommandModule {
  summary: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS_DIR = path.join(__dirname, 'commands');

function availableCommands(): string[] {
  return fs
    .readdirSync(COMMANDS_DIR)
    .filter((file) => file.endsWith('.js') || (file.endsWith('.ts') && !file.endsWith('.d.ts')))
    .map((file) => file.replace(/\.(js|ts)$/, ''))
    .sort();
}

function loadCommand(name: string): CommandModule | undefined {
  if (!/^[a-z][a-z-]*$/.test(name) || !availableCommands().includes(name)) return undefined;
  // Commands load lazily so `firstline match` does not pay for the server's dependencies.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(COMMANDS_DIR, name)) as CommandModule;
}

function printUsage(): void {
  const lines = availableCommands().map((name) => `  ${name.padEnd(12)} ${loadCommand(name)?.summary ?? ''}`);
  console.log(`Usage: firstline <command> [options]\n\nCommands:\n${lines.join('\n')}`);
}

/** Entry point of the `firstline` bin; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    printUsage();
    return name === undefined ? 1 : 0;
  }
  const command = loadCommand(name);
  if (!command) {
    console.error(`firstline: unknown command "${name}"`);
    printUsage();
    return 2;
  }
  return command.run(args);
}
