import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { AppError } from '../errors';
import type { IncomingFile } from './attachment-service';

export interface UploadLimits {
  /** Largest file; one byte more answers 413. */
  maxFileBytes: number;
  /** Files per upload (the activity part aside); one more answers 413. */
  maxFiles: number;
  /** Largest activity part (JSON). */
  maxActivityBytes: number;
}

export interface ParsedUpload {
  /** The `activity` part, parsed as JSON; undefined when the upload had none. */
  activity: unknown;
  files: IncomingFile[];
}

/** Part names Direct Line clients give the activity template; every other file part is a file. */
const ACTIVITY_PART = 'activity';

/**
 * Reads a Direct Line upload (`multipart/form-data`) as a stream, in memory, with hard limits:
 * nothing is written to disk, so there is nothing to clean up. Call only after authentication.
 * Rejects with 413 `PayloadTooLarge` when a limit is passed (the rest of the body is not read)
 * and 400 `BadArgument` for a malformed body.
 */
export function readUpload(req: IncomingMessage, limits: UploadLimits): Promise<ParsedUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fileSize: Math.max(limits.maxFileBytes, limits.maxActivityBytes) + 1,
          files: limits.maxFiles + 1,
          fields: 4,
          fieldSize: limits.maxActivityBytes,
          parts: limits.maxFiles + 5,
          headerPairs: 20,
        },
      });
    } catch {
      reject(new AppError('BadArgument', 'The upload is not a valid multipart/form-data body.'));
      return;
    }
    let activityText: string | undefined;
    const files: IncomingFile[] = [];
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      reject(error);
    };
    const tooLarge = (what: string) => fail(new AppError('PayloadTooLarge', what));

    parser.on('file', (name, stream, info) => {
      const isActivity = name === ACTIVITY_PART && activityText === undefined;
      const limit = isActivity ? limits.maxActivityBytes : limits.maxFileBytes;
      if (!isActivity && files.length >= limits.maxFiles) {
        stream.resume();
        return tooLarge(`At most ${limits.maxFiles} files can be sent at once.`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          stream.resume();
          return tooLarge(
            isActivity ? 'The activity part is too large.' : `A file is larger than ${formatBytes(limit)}.`,
          );
        }
        chunks.push(chunk);
      });
      stream.on('limit', () => tooLarge(`A file is larger than ${formatBytes(limit)}.`));
      stream.on('end', () => {
        if (settled) return;
        const content = Buffer.concat(chunks);
        if (isActivity) activityText = content.toString('utf8');
        else files.push({ name: info.filename ?? 'file', declaredType: info.mimeType, content });
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return tooLarge('The activity part is too large.');
      if (name === ACTIVITY_PART && activityText === undefined) activityText = value;
    });
    parser.on('filesLimit', () => tooLarge(`At most ${limits.maxFiles} files can be sent at once.`));
    parser.on('partsLimit', () => tooLarge('The upload has too many parts.'));
    parser.on('fieldsLimit', () => tooLarge('The upload has too many fields.'));
    parser.on('error', () =>
      fail(new AppError('BadArgument', 'The upload is not a valid multipart/form-data body.')),
    );
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      let activity: unknown;
      try {
        activity = activityText === undefined ? undefined : JSON.parse(activityText);
      } catch {
        reject(new AppError('BadArgument', 'The activity part is not valid JSON.'));
        return;
      }
      resolve({ activity, files });
    });
    req.on('aborted', () => fail(new AppError('BadArgument', 'The upload was cut off.')));
    req.pipe(parser);
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
