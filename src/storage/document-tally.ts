import { checkFieldName, isScalar, matches, type Body, type Condition, type Scalar } from './document-rules';
import type { FieldRange, TallyGroup, TallyQuery } from './ports';

/**
 * The meaning of ranges and tallies, shared by both backends: SQLite renders it as SQL (json_each
 * for the unwound arrays), MongoDB evaluates it here over the newest revisions (FerretDB 1.24 keeps
 * no arrays in the fields it can query). The contract tests hold both to the same answers.
 */

/** A dotted path of identifiers ('flows.steps.nodeId'), checked: it reaches SQL JSON paths. */
export function checkPath(path: string): string[] {
  const parts = path.split('.');
  parts.forEach(checkFieldName);
  return parts;
}

export interface CheckedRange {
  field: string;
  from?: string;
  to?: string;
}

export function checkRanges<T>(ranges: readonly FieldRange<T>[] | undefined): CheckedRange[] {
  return (ranges ?? []).map(({ field, from, to }) => {
    checkFieldName(field);
    for (const end of [from, to])
      if (end !== undefined && typeof end !== 'string')
        throw new TypeError(`Storage: the range of ${field} takes strings`);
    return { field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  });
}

export function inRanges(body: Body, ranges: readonly CheckedRange[]): boolean {
  return ranges.every(({ field, from, to }) => {
    const value = body[field];
    if (typeof value !== 'string') return false;
    return (from === undefined || value >= from) && (to === undefined || value < to);
  });
}

export interface CheckedTally {
  unwind: string[][];
  groupBy: string[][];
}

/** Each unwound array inside the one before it; each group path a scalar path. */
export function checkTally<T>(query: TallyQuery<T>): CheckedTally {
  const unwind = (query.unwind ?? []).map(checkPath);
  unwind.forEach((path, i) => {
    const outer = unwind[i - 1];
    if (outer && (path.length <= outer.length || outer.some((part, j) => path[j] !== part)))
      throw new TypeError(`Storage: unwind "${path.join('.')}" must lie inside "${outer.join('.')}"`);
  });
  if (query.groupBy.length === 0) throw new TypeError('Storage: a tally needs at least one groupBy path');
  return { unwind, groupBy: query.groupBy.map(checkPath) };
}

/** The unwound array a path lies in (the deepest whose path prefixes it), or -1 for the document. */
export function scopeOf(path: string[], unwind: string[][]): number {
  for (let i = unwind.length - 1; i >= 0; i--) {
    const array = unwind[i]!;
    if (path.length > array.length && array.every((part, j) => path[j] === part)) return i;
  }
  return -1;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The element combinations of one document: one object per level (index 0 is the document). */
function unwound(body: Body, unwind: string[][]): unknown[][] {
  let rows: unknown[][] = [[body]];
  unwind.forEach((path, i) => {
    const outer = unwind[i - 1];
    const next: unknown[][] = [];
    for (const row of rows) {
      const array = outer ? valueAt(row[i], path.slice(outer.length)) : valueAt(body, path);
      if (!Array.isArray(array)) continue;
      for (const element of array) next.push([...row, element]);
    }
    rows = next;
  });
  return rows;
}

/** Tallies documents already selected by where and ranges (what a backend without SQL does). */
export class Tallier {
  private readonly groups = new Map<string, { key: Scalar[]; ids: Set<string> }>();

  constructor(private readonly query: CheckedTally) {}

  add(id: string, body: Body): void {
    const { unwind, groupBy } = this.query;
    for (const row of unwound(body, unwind)) {
      const key = groupBy.map((path) => {
        const scope = scopeOf(path, unwind);
        const value =
          scope < 0 ? valueAt(body, path) : valueAt(row[scope + 1], path.slice(unwind[scope]!.length));
        return isScalar(value) ? value : null;
      });
      const text = JSON.stringify(key);
      const group = this.groups.get(text) ?? { key, ids: new Set<string>() };
      group.ids.add(id);
      this.groups.set(text, group);
    }
  }

  result(): TallyGroup[] {
    return [...this.groups.values()].map(({ key, ids }) => ({ key, count: ids.size }));
  }
}

/** True when the document passes the query's where and ranges. */
export function selected(body: Body, where: Condition[], ranges: readonly CheckedRange[]): boolean {
  return matches(body, where) && inRanges(body, ranges);
}
