// What users see for states the live tests cannot easily reach: the legend, a bucket with SSE-KMS default
// and a TLS-only policy, an endpoint that does not report SSE, envelope files, and command arguments.
import assert from 'node:assert/strict';
import { ENCRYPTION_MODES } from '../../../src/core/s3/object-encryption';
import { countObjects } from '../../../src/vscode/explorer/model/container-state';
import { legendSections } from '../../../src/vscode/explorer/model/legend';
import { MODE_STYLES, objectContextValue, type DisplayMode } from '../../../src/vscode/explorer/model/mode-style';
import type { BucketNode, ConnectionNode, ObjectNode } from '../../../src/vscode/explorer/model/nodes';
import { presentNode } from '../../../src/vscode/explorer/model/presentation';
import { s3NodeRefFrom } from '../../../src/vscode/explorer/node-ref';

function objectNode(key: string, extra: Partial<ObjectNode> = {}): ObjectNode {
  return {
    kind: 'object',
    id: `o/c/b/${key}`,
    connectionId: 'c',
    bucket: 'b',
    prefix: '',
    key,
    object: { key, size: 10 },
    ...extra,
  };
}

describe('explorer presentation', () => {
  it('the legend is a list of real icons in the tree’s colours, one row per mode, without internal names', () => {
    const rows = legendSections().flatMap((s) => s.rows);
    for (const mode of Object.keys(MODE_STYLES) as DisplayMode[]) {
      const row = rows.find((r) => r.id === `legend/object/${mode}`);
      assert.ok(row, mode);
      assert.deepEqual(row.icon, { id: MODE_STYLES[mode].icon, color: MODE_STYLES[mode].color }, mode);
    }
    for (const r of rows) {
      const text = `${r.label} ${r.description ?? ''} ${r.tooltip}`;
      assert.doesNotMatch(
        text,
        /charts\.|disabledForeground|s3enc\.object|\$\(/,
        `${r.id} shows an internal name: ${text}`,
      );
    }
  });

  it('SSE-C reads as a customer key, and names the stored key that opens it', () => {
    assert.equal(MODE_STYLES['SSE-C'].icon, 'key');
    const icons = new Set(Object.values(MODE_STYLES).map((s) => `${s.icon}/${s.color ?? ''}`));
    assert.equal(icons.size, Object.keys(MODE_STYLES).length, 'one look per mode');
    const p = presentNode(
      objectNode('secret.bin', {
        encryption: {
          mode: 'SSE-C',
          sseCustomerAlgorithm: 'AES256',
          sseCustomerKeyMd5: 'qPl6p+Dd3jrLuVTu0GxPDw==',
          sseCustomerKeyName: 'team-key',
        },
      }),
      () => undefined,
    );
    assert.match(p.description ?? '', /team-key/);
    assert.match(p.tooltip ?? '', /SSE-C key: \*\*team-key\*\*/);
    const unknownKey = presentNode(
      objectNode('other.bin', { encryption: { mode: 'SSE-C', sseCustomerAlgorithm: 'AES256' } }),
      () => undefined,
    );
    assert.match(unknownKey.tooltip ?? '', /No key in the key store opens it/);
  });

  it('an endpoint that does not report SSE shows "not reported", never a red "none"', () => {
    const p = presentNode(
      objectNode('aes.txt', { encryption: { mode: 'none' }, sseNotReported: true }),
      () => undefined,
    );
    assert.equal(p.description, 'SSE not reported by this endpoint');
    assert.notEqual(p.icon?.color, MODE_STYLES.none.color);
    assert.doesNotMatch(p.tooltip ?? '', /Not encrypted/);
    const bucket: BucketNode = {
      kind: 'bucket',
      id: 'b/c/demo',
      connectionId: 'c',
      bucket: 'demo',
      region: 'default',
      info: {
        defaultEncryption: { mode: 'unknown', notReported: true, reason: 'x' },
        policy: { status: 'no-policy' },
        faults: [],
      },
    };
    const b = presentNode(bucket, () => undefined);
    assert.match(b.description ?? '', /^default encryption not reported/);
    assert.doesNotMatch(b.description ?? '', /no default encryption/);
    assert.notEqual(b.icon?.color, 'charts.red');
    assert.doesNotMatch(b.tooltip ?? '', /Bucket key/, 'a bucket-key state the endpoint never reported');
  });

  it('the bucket hover title is the bucket name; the zonegroup is labelled as the region', () => {
    const bucket: BucketNode = {
      kind: 'bucket',
      id: 'b/c/demo-encrypted',
      connectionId: 'c',
      bucket: 'demo-encrypted',
      region: 'default',
      info: { defaultEncryption: { mode: 'none' }, policy: { status: 'no-policy' }, faults: [] },
    };
    const lines = (presentNode(bucket, () => undefined).tooltip ?? '').split('\n');
    assert.equal(lines[0], '**demo-encrypted**');
    assert.ok(lines.includes('- Region: default'), lines.join('\n'));
    assert.ok(!lines.some((l) => /demo-encrypted — default/.test(l)));
  });

  it('an envelope file belongs to its object: in its hover, never a red "none", not counted', () => {
    const owner = objectNode('ledger.json', {
      encryption: { mode: 'CSE-V2', envelope: 'instruction-file', wrapAlgorithm: 'AES/GCM' },
      instructionFile: { key: 'ledger.json.instruction', size: 412 },
    });
    assert.match(
      presentNode(owner, () => undefined).tooltip ?? '',
      /Key envelope: `ledger\.json\.instruction` \(412 bytes/,
    );
    const orphan = objectNode('gone.json.instruction', { orphanInstruction: true });
    const p = presentNode(orphan, () => undefined);
    assert.notEqual(p.icon?.color, MODE_STYLES.none.color);
    assert.doesNotMatch(p.description ?? '', /none/);
    assert.deepEqual(countObjects([owner, orphan]), { 'CSE-V2': 1 });
  });

  it('a connection row masks the access key id', () => {
    const node: ConnectionNode = {
      kind: 'connection',
      id: 'c/x',
      connectionId: 'x',
      connection: {
        id: 'x',
        label: 'RGW',
        endpoint: 'http://127.0.0.1:7480',
        credentials: { kind: 'static', accessKeyId: 'AKLOCALPL0RX6E6UURWJ' },
      },
    };
    const p = presentNode(node, () => undefined);
    assert.doesNotMatch(`${p.description} ${p.tooltip}`, /AKLOCALPL0RX6E6UURWJ/);
    assert.match(p.description ?? '', /AKLO…URWJ/);
  });

  it('contextValues are lowercased and dashed exactly as other features expect', () => {
    assert.deepEqual(
      [...ENCRYPTION_MODES, 'pending' as const].map(objectContextValue),
      ['none', 'sse-s3', 'sse-kms', 'dsse-kms', 'sse-c', 'cse-v1', 'cse-v2', 'cse-v3', 'unknown', 'pending'].map(
        (m) => `s3enc.object.${m}`,
      ),
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
        defaultEncryption: {
          mode: 'SSE-KMS',
          kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          bucketKeyEnabled: true,
        },
        policy: {
          status: 'policy',
          deniesInsecureTransport: true,
          deniesUnencryptedUploads: true,
          requiredEncryption: ['aws:kms'],
          uploadRequirements: [{ kind: 'sse-header', values: ['aws:kms'], match: 'equals' }],
        },
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
    assert.deepEqual(s3NodeRefFrom({ connectionId: 'c', bucket: 'b', key: 'k', extra: 1 }), {
      connectionId: 'c',
      bucket: 'b',
      key: 'k',
    });
    assert.equal(s3NodeRefFrom({ connectionId: 'c' }), undefined);
    assert.equal(s3NodeRefFrom(undefined), undefined);
    assert.equal(s3NodeRefFrom('s3://b/k'), undefined);
  });
});
