// The MD5 checks of inventory data files: a hashing pass-through, and the refusal of a file that does not match
// manifest.json. Kept free of the S3 client so the audit's worker threads load little.
import type { Hash } from 'node:crypto';
import { Transform } from 'node:stream';
import { InventoryError } from './errors';

/** A pass-through that hashes the bytes and reports their count. */
export function hashingStream(hash: Hash, onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, callback) {
      hash.update(chunk);
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
}

export function checksumMismatch(origin: string, actual: string, expected: string): InventoryError {
  return new InventoryError(
    'InventoryChecksumMismatch',
    `${origin} does not match the MD5checksum in manifest.json (MD5 ${actual}, expected ${expected}); nothing was counted. ` +
      'The data file was changed or truncated after S3 wrote it: use another report date, or wait for the next one.',
  );
}
