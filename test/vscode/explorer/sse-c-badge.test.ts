// The explorer's lock badge for buckets that block SSE-C writes (BlockedEncryptionTypes), beside the default
// encryption and Bucket Key.
import assert from 'node:assert/strict';
import type { BucketNode } from '../../../src/vscode/explorer/model/nodes';
import { presentNode } from '../../../src/vscode/explorer/model/presentation';

function bucket(sseCBlocked: boolean | undefined): BucketNode {
  return {
    kind: 'bucket',
    id: 'b/c/new-bucket',
    connectionId: 'c',
    bucket: 'new-bucket',
    info: {
      defaultEncryption: {
        mode: 'SSE-S3',
        bucketKeyEnabled: true,
        ...(sseCBlocked !== undefined ? { sseCBlocked } : {}),
      },
      policy: { status: 'no-policy' },
      faults: [],
    },
  };
}

describe('explorer: SSE-C blocked badge', () => {
  it('a bucket that blocks SSE-C shows a lock badge after its default encryption and Bucket Key, and explains it', () => {
    const p = presentNode(bucket(true), () => undefined);
    assert.equal(p.description, 'SSE-S3 +bucket key · 🔒 SSE-C writes blocked · TLS not enforced');
    assert.match(
      p.tooltip ?? '',
      /🔒 SSE-C writes blocked \(BlockedEncryptionTypes\): S3's default for new buckets since April 2026/,
    );
  });

  it('a bucket that allows SSE-C shows no badge', () => {
    for (const state of [false, undefined]) {
      const p = presentNode(bucket(state), () => undefined);
      assert.doesNotMatch(`${p.description} ${p.tooltip}`, /SSE-C writes blocked/);
    }
  });
});
