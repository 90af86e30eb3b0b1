export interface SettingProblem {
  setting: string;
  problem: string;
}

/** Raised at start-up; lists every invalid setting by name, never by value (values may be secrets). */
export class ConfigError extends Error {
  constructor(readonly problems: SettingProblem[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.setting}: ${p.problem}`).join('\n')}\n` +
        'See .env.example for every setting and its meaning.',
    );
    this.name = 'ConfigError';
  }
}
