import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { LANGUAGES, type Lang } from '../i18n/languages';
import { readYamlFile, validate, type ContentProblem, type YamlPath } from './yaml-file';

/** Where the content lives: CONTENT_DIR, and the files settings may move elsewhere. */
export interface ContentPaths {
  contentDir: string;
  kbDir: string;
  orgFile: string;
  supportFile: string;
}

export function defaultContentPaths(contentDir: string): ContentPaths {
  const dir = path.resolve(contentDir);
  return {
    contentDir: dir,
    kbDir: path.join(dir, 'kb'),
    orgFile: path.join(dir, 'organisation.yaml'),
    supportFile: path.join(dir, 'support.yaml'),
  };
}

/**
 * The paths as the server resolves them from its settings: CONTENT_DIR (or `contentDir`),
 * KB_DIR, ORG_CONFIG_FILE and SUPPORT_CONFIG_FILE.
 */
export function contentPathsFromEnv(env: NodeJS.ProcessEnv, contentDir?: string): ContentPaths {
  const defaults = defaultContentPaths(contentDir ?? (env.CONTENT_DIR || 'content'));
  return {
    contentDir: defaults.contentDir,
    kbDir: env.KB_DIR ? path.resolve(env.KB_DIR) : defaults.kbDir,
    orgFile: env.ORG_CONFIG_FILE ? path.resolve(env.ORG_CONFIG_FILE) : defaults.orgFile,
    supportFile: env.SUPPORT_CONFIG_FILE ? path.resolve(env.SUPPORT_CONFIG_FILE) : defaults.supportFile,
  };
}

/**
 * One kind of YAML content file: which files it is and the schema each must pass. Adding a
 * kind is one of these plus one field of `Content` (see load-content.ts).
 */
export interface ContentKind<T> {
  name: string;
  files(paths: ContentPaths): readonly string[];
  schema: z.ZodType<T>;
  /** A missing file is no problem (the feature it feeds is off or empty). */
  optional?: boolean;
}

/** A kind typed by what its schema produces. */
export function contentKind<S extends z.ZodType>(kind: ContentKind<z.output<S>> & { schema: S }): ContentKind<z.output<S>> {
  return kind;
}

export interface LoadedFile<T> {
  file: string;
  value: T;
  lineOf(at: YamlPath): number;
}

export interface LoadedKind<T> {
  files: LoadedFile<T>[];
  problems: ContentProblem[];
}

/** Reads and validates every file of a kind; never throws for bad content. */
export function loadKind<T>(kind: ContentKind<T>, paths: ContentPaths): LoadedKind<T> {
  const files: LoadedFile<T>[] = [];
  const problems: ContentProblem[] = [];
  for (const file of kind.files(paths)) {
    if (kind.optional && !fs.existsSync(file)) continue;
    const read = readYamlFile(file);
    const { value, problems: found } = validate(read, kind.schema);
    problems.push(...found);
    if (found.length === 0) files.push({ file, value: value as T, lineOf: read.lineOf });
  }
  return { files, problems };
}

/** `<contentDir>/<folder>/<lang>.yaml` for every language. */
export function perLanguageFiles(folder: string): (paths: ContentPaths) => string[] {
  return ({ contentDir }) => LANGUAGES.map((lang) => path.join(contentDir, folder, `${lang}.yaml`));
}

/** Every `*.yaml` file of `<contentDir>/<folder>`, sorted; none when the folder is absent. */
export function yamlFilesIn(folder: string): (paths: ContentPaths) => string[] {
  return ({ contentDir }) => {
    const dir = path.join(contentDir, folder);
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name) && !name.startsWith('.'))
      .sort()
      .map((name) => path.join(dir, name));
  };
}

/** The loaded per-language files by language; undefined unless every language loaded. */
export function byLanguage<T>(files: readonly LoadedFile<T>[]): Record<Lang, LoadedFile<T>> | undefined {
  const found: Partial<Record<Lang, LoadedFile<T>>> = {};
  for (const loaded of files) {
    const lang = path.basename(loaded.file).replace(/\.ya?ml$/, '');
    if ((LANGUAGES as readonly string[]).includes(lang)) found[lang as Lang] = loaded;
  }
  return LANGUAGES.every((lang) => found[lang]) ? (found as Record<Lang, LoadedFile<T>>) : undefined;
}
