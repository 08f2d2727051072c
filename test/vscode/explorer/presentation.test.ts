// What users see for states the live tests cannot easily reach: the legend, a bucket with SSE-KMS default
// and a TLS-only policy, and command arguments from other features.
import assert from 'node:assert/strict';
import { ENCRYPTION_MODES } from '../../../src/core/s3/object-encryption';
import { legendMarkdown } from '../../../src/vscode/explorer/model/legend';
import { MODE_STYLES, objectContextValue } from '../../../src/vscode/explorer/model/mode-style';
import type { BucketNode } from '../../../src/vscode/explorer/model/nodes';
import { presentNode } from '../../../src/vscode/explorer/model/presentation';
import { s3NodeRefFrom } from '../../../src/vscode/explorer/node-ref';

describe('explorer presentation', () => {
  it('the legend explains every mode with its icon and contextValue', () => {
    const md = legendMarkdown();
    for (const mode of [...ENCRYPTION_MODES, 'pending' as const]) {
      assert.ok(md.includes(`**${mode}**`), mode);
      assert.ok(md.includes(`$(${MODE_STYLES[mode].icon})`), mode);
      assert.ok(md.includes(objectContextValue(mode)), mode);
    }
  });

  it('contextValues are lowercased and dashed exactly as other features expect', () => {
    assert.deepEqual(
      [...ENCRYPTION_MODES, 'pending' as const].map(objectContextValue),
      ['none', 'sse-s3', 'sse-kms', 'dsse-kms', 'sse-c', 'cse-v1', 'cse-v2', 'cse-v3', 'unknown', 'pending'].map((m) => `s3enc.object.${m}`),
    );
  });

  it('a bucket with SSE-KMS default, bucket key and a TLS-only policy says so', () => {
    const node: BucketNode = {
      kind: 'bucket',
      id: 'b/c/logs',
      connectionId: 'c',
      bucket: 'logs',
      region: 'eu-west-1',
      info: {
        defaultEncryption: { mode: 'SSE-KMS', kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', bucketKeyEnabled: true },
        policy: { status: 'policy', deniesInsecureTransport: true, deniesUnencryptedUploads: true, requiredEncryption: ['aws:kms'] },
        faults: [],
      },
    };
    const p = presentNode(node, () => undefined);
    assert.equal(p.description, 'SSE-KMS key/1234abcd… +bucket key · TLS enforced');
    assert.equal(p.icon?.color, 'charts.green');
    assert.match(p.tooltip ?? '', /unencrypted uploads denied \(requires aws:kms\)/);
    assert.match(p.tooltip ?? '', /Bucket key: on/);
  });

  it('reads an S3NodeRef from any command argument that has one, and nothing else', () => {
    assert.deepEqual(s3NodeRefFrom({ connectionId: 'c', bucket: 'b', key: 'k', extra: 1 }), { connectionId: 'c', bucket: 'b', key: 'k' });
    assert.equal(s3NodeRefFrom({ connectionId: 'c' }), undefined);
    assert.equal(s3NodeRefFrom(undefined), undefined);
    assert.equal(s3NodeRefFrom('s3://b/k'), undefined);
  });
});
