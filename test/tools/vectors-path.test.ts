// The one resolver for the in-repository CSE vectors: it finds the real folder, and a missing one fails with a fix.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kmsMasterKeyFile, vectorsDir } from '../../tools/live/vectors-path';

describe('vectorsDir()', () => {
  const saved = process.env.S3ENC_VECTORS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.S3ENC_VECTORS_DIR;
    else process.env.S3ENC_VECTORS_DIR = saved;
  });

  it('finds the vectors inside the repository (test/fixtures/vectors), with the KMS master key', () => {
    delete process.env.S3ENC_VECTORS_DIR;
    assert.ok(existsSync(join(vectorsDir(), 'rb-v2-kms-context-meta', 'metadata.json')));
    assert.match(kmsMasterKeyFile(), /test\/fixtures\/vectors\/keys\/kms-master\.hex$/);
  });

  it('names the expected folder and the override when the vectors are missing', () => {
    process.env.S3ENC_VECTORS_DIR = '/nonexistent/vectors';
    assert.throws(
      () => vectorsDir(),
      /CSE test vectors are missing: expected \/nonexistent\/vectors.*S3ENC_VECTORS_DIR/,
    );
  });
});
