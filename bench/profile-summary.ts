/**
 * Sums up a V8 .cpuprofile (from BENCH_CPU_PROFILE, `node --cpu-prof` or the inspector): self time
 * by file or package and by function, and the time spent inside each of our source folders and
 * packages (inclusive), each as a share of the sampled time. Native frames without a script (a
 * SQLite statement, a socket write) are counted to the script that called them.
 * Usage: tsx bench/profile-summary.ts <file.cpuprofile> [rows, default 30]
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const SPECIAL = new Set(['(garbage collector)', '(idle)', '(program)', '(root)']);

/** node_modules/<package> or dist|src/<folder>, else the URL itself (node: internals). */
function placeOf(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const own = /\/(dist|src)\/([^/]+)\//.exec(url);
  return own ? `${own[1]}/${own[2]}` : url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const own = /\/((?:dist|src)\/.*)$/.exec(url);
  return own ? own[1]! : url;
}

function summarise(profile: CpuProfile, rows: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const selfTime = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    total += dt;
    selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
  });
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, t: number) => map.set(key, (map.get(key) ?? 0) + t);
  for (const [id, t] of selfTime) {
    // A frame without a script is native code: count it to the nearest caller that has one.
    let node = byId.get(id);
    while (node && !node.callFrame.url && !SPECIAL.has(node.callFrame.functionName)) {
      const up = parent.get(node.id);
      if (up === undefined) break;
      node = byId.get(up);
    }
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    add(byPlace, url ? placeOf(url) : functionName, t);
    add(byFunction, `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`, t);
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = byId.get(id); n; n = byId.get(parent.get(n.id) ?? -1)) {
      if (n.callFrame.url) seen.add(placeOf(n.callFrame.url));
    }
    for (const place of seen) add(inclusive, place, t);
  }
  const table = (title: string, map: Map<string, number>) => [
    `${title}:`,
    ...[...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(
        ([key, t]) =>
          `${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${key}`,
      ),
    '',
  ];
  return [
    `sampled ${(total / 1000).toFixed(0)} ms`,
    '',
    ...table('self time by file or package', byPlace),
    ...table('self time by function', byFunction),
    ...table('inclusive time by folder or package', inclusive),
  ];
}

const [file, rows] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [rows]');
  process.exit(2);
}
console.log(
  summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, Number(rows ?? 30)).join('\n'),
);
