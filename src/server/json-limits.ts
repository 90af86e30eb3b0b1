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
}

/**
 * Measures a parsed JSON value without recursion (so it cannot overflow the stack itself). Stops
 * as soon as `limits` are passed: the answer then only says "too deep" or "too big".
 */
export function measureJson(value: unknown, limits: { depth?: number; bytes?: number } = {}): JsonShape {
  const maxDepth = limits.depth ?? Number.POSITIVE_INFINITY;
  const maxBytes = limits.bytes ?? Number.POSITIVE_INFINITY;
  let depth = 0;
  let bytes = 0;
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
        if (!Array.isArray(node)) bytes += key.length + 3;
        stack.push({ node: child, level: level + 1 });
      }
    }
    if (depth > maxDepth || bytes > maxBytes) break;
  }
  return { depth, bytes };
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

/** Refuses a parsed request body nested deeper than MAX_JSON_DEPTH with 400, on every route. */
export function rejectDeepJson(maxDepth = MAX_JSON_DEPTH) {
  return (req: Request, res: Response, next: Next) => {
    const body: unknown = req.body;
    if (
      body !== null &&
      typeof body === 'object' &&
      measureJson(body, { depth: maxDepth }).depth > maxDepth
    ) {
      res.send(
        400,
        errorBody('BadArgument', `The request body is nested too deeply (more than ${maxDepth} levels).`),
      );
      next(false);
      return;
    }
    next();
  };
}
