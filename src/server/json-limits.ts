import type { Request, Response, Next } from 'restify';
import { AppError, errorBody } from '../errors';

/**
 * Deeper than any activity, card value or API body FirstLine takes. JSON.parse copes with far
 * deeper input, but JSON.stringify, structuredClone and every recursive walk downstream do not:
 * 5,000 levels end in a RangeError, so depth is refused here, before anything serialises the body.
 */
export const MAX_JSON_DEPTH = 32;

export interface JsonShape {
  /** Levels of objects and arrays; a scalar is 0, `{}` is 1. */
  depth: number;
  /** Length of the value as JSON, counted without building the string. */
  bytes: number;
  /** The first key met that could reach or shadow Object.prototype (`__proto__`, `toString`, ...). */
  prototypeKey?: string;
}

/**
 * Keys no FirstLine body uses and that, merged or spread into an object, reach or shadow
 * Object.prototype: `__proto__` and `constructor.prototype` pollute, an own `toString` or
 * `valueOf` breaks every library that turns the object into a string.
 */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Measures a parsed JSON value without recursion (so it cannot overflow the stack itself). Stops
 * as soon as `limits` are passed: the answer then only says "too deep" or "too big".
 */
export function measureJson(value: unknown, limits: { depth?: number; bytes?: number } = {}): JsonShape {
  const maxDepth = limits.depth ?? Number.POSITIVE_INFINITY;
  const maxBytes = limits.bytes ?? Number.POSITIVE_INFINITY;
  let depth = 0;
  let bytes = 0;
  let prototypeKey: string | undefined;
  const stack: { node: unknown; level: number }[] = [{ node: value, level: 0 }];
  while (stack.length > 0) {
    const { node, level } = stack.pop()!;
    if (node === null || typeof node !== 'object') {
      bytes += scalarBytes(node);
    } else {
      const entries = Array.isArray(node) ? node.map((v) => ['', v] as const) : Object.entries(node);
      depth = Math.max(depth, level + 1);
      bytes += 2 + Math.max(0, entries.length - 1);
      for (const [key, child] of entries) {
        if (!Array.isArray(node)) {
          bytes += key.length + 3;
          if (prototypeKey === undefined && PROTOTYPE_KEYS.has(key)) prototypeKey = key;
        }
        stack.push({ node: child, level: level + 1 });
      }
    }
    if (depth > maxDepth || bytes > maxBytes) break;
  }
  return { depth, bytes, ...(prototypeKey === undefined ? {} : { prototypeKey }) };
}

/**
 * Refuses one field of a request (an activity's value, channelData, ...) that is nested too deeply
 * (400) or too big as JSON (413); the error names the field and the limit.
 */
export function assertBoundedField(
  field: string,
  value: unknown,
  limits: { bytes: number; depth: number },
): void {
  if (value === undefined) return;
  const shape = measureJson(value, limits);
  if (shape.depth > limits.depth) {
    throw new AppError(
      'BadArgument',
      `Invalid activity. ${field} is nested more than ${limits.depth} levels.`,
    );
  }
  if (shape.bytes > limits.bytes) {
    throw new AppError('PayloadTooLarge', `The activity's ${field} is larger than ${limits.bytes} bytes.`);
  }
}

function scalarBytes(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  return 4; // null (and undefined, which JSON drops or writes as null)
}

/**
 * Refuses, with 400 on every route, a parsed request body nested deeper than MAX_JSON_DEPTH or
 * carrying a key that reaches or shadows Object.prototype.
 */
export function rejectUnsafeJson(maxDepth = MAX_JSON_DEPTH) {
  return (req: Request, res: Response, next: Next) => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object') return next();
    const shape = measureJson(body, { depth: maxDepth });
    const problem =
      shape.depth > maxDepth
        ? `The request body is nested too deeply (more than ${maxDepth} levels).`
        : shape.prototypeKey !== undefined
          ? `The request body may not use the key "${shape.prototypeKey}".`
          : undefined;
    if (!problem) return next();
    res.send(400, errorBody('BadArgument', problem));
    return next(false);
  };
}
