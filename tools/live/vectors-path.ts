// Where the CSE known-answer vectors live: test/fixtures/vectors in this repository (copied, with their
// README and provenance, from the vectors AWS's own S3 Encryption Clients wrote). S3ENC_VECTORS_DIR overrides.
// Every user of the vectors resolves them here, so a clone of the repository alone has all the tests need.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function vectorsDir(): string {
  const dir = process.env.S3ENC_VECTORS_DIR ?? resolve(__dirname, '..', '..', 'test', 'fixtures', 'vectors');
  if (!existsSync(join(dir, 'README.md'))) {
    throw new Error(
      `The CSE test vectors are missing: expected ${dir} (test/fixtures/vectors in the repository, ` +
        'or set S3ENC_VECTORS_DIR to a vectors folder).',
    );
  }
  return dir;
}

/** keys/kms-master.hex: the local KMS's master key, under which the KMS vectors' data keys are sealed. */
export function kmsMasterKeyFile(): string {
  return join(vectorsDir(), 'keys', 'kms-master.hex');
}
