import type { LoggerOptions } from 'pino';
import type { RedactionFinding, Redactor } from './types';
import { redactValue } from './activity';

type LogMethodHook = NonNullable<NonNullable<LoggerOptions['hooks']>['logMethod']>;

/**
 * pino `hooks.logMethod`: redacts the message and every string inside the merging object
 * (including an error's message and stack) before pino serialises the line.
 *   pino({ hooks: { logMethod: redactingLogMethod(redactor) } })
 */
export function redactingLogMethod(redactor: Redactor): LogMethodHook {
  return function logMethod(this: ThisParameterType<LogMethodHook>, args, method) {
    const clean = args.map((arg) => redactLogArgument(redactor, arg));
    return method.apply(this, clean as Parameters<typeof method>);
  };
}

/** One log argument with secrets removed; returns the same reference when nothing was found. */
export function redactLogArgument(redactor: Redactor, arg: unknown): unknown {
  if (typeof arg === 'string') return redactor.redact(arg).text;
  if (arg === null || typeof arg !== 'object') return arg;
  const findings: RedactionFinding[] = [];
  const clean = redactValue(withErrorsExpanded(arg), redactor.redact, findings);
  return findings.length > 0 ? clean : arg;
}

/** Error's message and stack are not own enumerable properties, so copy them out to be walked. */
function withErrorsExpanded(value: object): object {
  if (value instanceof Error) return errorFields(value);
  if (Array.isArray(value)) return value;
  const entries = Object.entries(value);
  if (!entries.some(([, v]) => v instanceof Error)) return value;
  return Object.fromEntries(entries.map(([k, v]) => [k, v instanceof Error ? errorFields(v) : v]));
}

function errorFields(err: Error): Record<string, unknown> {
  return { ...err, type: err.name, message: err.message, stack: err.stack };
}
