import { MongoServerError } from 'mongodb';

/** E11000: the unique index (or _id) that settles a race rejected this insert. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}
