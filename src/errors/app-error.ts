/** Stable error codes: clients and tests depend on them, so never rename one. */
export const ERROR_CODES = {
  BadRequest: 400,
  BadArgument: 400,
  MalformedJson: 400,
  UnsupportedMediaType: 415,
  Unauthorized: 401,
  TokenExpired: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  PayloadTooLarge: 413,
  TooManyRequests: 429,
  ServiceUnavailable: 503,
  InternalError: 500,
  MessageTooLong: 413,
  AttachmentsNotSupported: 415,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * An error that knows what the client may see. `publicMessage` is shown; `cause` and the
 * message are for logs only.
 */
export class AppError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: ErrorCode,
    readonly publicMessage: string,
    options: { cause?: unknown; internal?: string } = {},
  ) {
    super(options.internal ?? publicMessage, { cause: options.cause });
    this.name = 'AppError';
    this.httpStatus = ERROR_CODES[code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Maps anything thrown to what a client may see: unknown errors never leak their text. */
export function toPublicError(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError)
    return { status: err.httpStatus, body: errorBody(err.code, err.publicMessage) };
  return { status: 500, body: errorBody('InternalError', 'Something went wrong on our side.') };
}
