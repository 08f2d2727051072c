// Where the shared test vectors live: ../shared/vectors beside the repository (CI clones the repo with
// shared/ next to it). S3ENC_VECTORS_DIR overrides. Every user of the vectors resolves them here.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function vectorsDir(): string {
  const dir = process.env.S3ENC_VECTORS_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'vectors');
  if (!existsSync(join(dir, 'README.md'))) {
    throw new Error(
      `The shared test vectors are missing: expected ${dir} (a "shared" folder beside the repository, ` +
        'or set S3ENC_VECTORS_DIR to the vectors folder).',
    );
  }
  return dir;
}

/** keys/kms-master.hex: the local KMS's master key, under which the KMS vectors' data keys are sealed. */
export function kmsMasterKeyFile(): string {
  return join(vectorsDir(), 'keys', 'kms-master.hex');
}
