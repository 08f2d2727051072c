// `s3enc audit --scan` on a live RGW bucket seeded with every mode RGW supports (none, SSE-KMS, SSE-C, CSE V1,
// V2 and V3 from AWS clients' vectors): each object is classified with HeadObject, counted in S3 Inventory's
// status names (client-side objects count by their server-side status) and per explorer mode.
import assert from 'node:assert/strict';
import { liveEnv } from '../../../tools/live/live-env';
import { useTestBucket } from '../../support/live-fixtures';
import { seedEncryptionBucket, type SeededBucket } from '../../support/seed-encryption-bucket';
import { s3enc } from './support/run-cli';

/** What S3 Inventory would report for an object written in this mode on RGW (which reports no SSE-S3). */
const STATUS_OF_SEEDED_MODE: Record<string, string> = {
  none: 'NOT-SSE',
  'SSE-KMS': 'SSE-KMS',
  'SSE-C': 'SSE-C',
  'CSE-V1': 'NOT-SSE',
  'CSE-V2': 'NOT-SSE',
  'CSE-V3': 'NOT-SSE',
};

describe('s3enc audit --scan (live RGW, every mode)', function () {
  this.timeout(120_000);
  const t = useTestBucket('audit-scan');
  let seeded: SeededBucket;
  before(async () => {
    seeded = await seedEncryptionBucket(t.client, t.bucket, liveEnv().rgwKmsKeyIds[0]);
  });

  it('classifies every object and counts it per status, per mode and per prefix', async () => {
    const { stdout, stderr, code } = await s3enc([
      'audit',
      `s3://${t.bucket}`,
      '--scan',
      '--json',
      '--endpoint',
      liveEnv().s3Endpoint,
      '--path-style',
    ]);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as {
      source: string;
      manifest: null;
      objects: number;
      byEncryption: Record<string, { objects: number }>;
      byMode: Record<string, { objects: number }>;
      prefixes: { prefix: string; objects: number }[];
      kmsKeys: { exact: boolean; keys: { keyId: string; sampled: number }[] };
    };
    // Instruction files are plain objects of their own.
    const all = [...seeded.objects, ...seeded.instructionKeys.map((key) => ({ key, mode: 'none' }))];
    assert.equal(out.source, 'scan');
    assert.equal(out.manifest, null);
    assert.equal(out.objects, all.length);
    const modes: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    const prefixes: Record<string, number> = {};
    for (const o of all) {
      modes[o.mode] = (modes[o.mode] ?? 0) + 1;
      statuses[STATUS_OF_SEEDED_MODE[o.mode]] = (statuses[STATUS_OF_SEEDED_MODE[o.mode]] ?? 0) + 1;
      const slash = o.key.indexOf('/');
      const p = slash < 0 ? '' : o.key.slice(0, slash + 1);
      prefixes[p] = (prefixes[p] ?? 0) + 1;
    }
    assert.deepEqual(Object.fromEntries(Object.entries(out.byMode).map(([m, c]) => [m, c.objects])), modes);
    for (const [status, n] of Object.entries(statuses)) assert.equal(out.byEncryption[status].objects, n, status);
    assert.deepEqual(Object.fromEntries(out.prefixes.map((p) => [p.prefix, p.objects])), prefixes);
    // Every KMS object was headed: the key distribution is exact.
    assert.ok(out.kmsKeys.exact);
    assert.deepEqual(
      out.kmsKeys.keys.map((k) => [k.keyId, k.sampled]),
      [[liveEnv().rgwKmsKeyIds[0], modes['SSE-KMS']]],
    );
    assert.match(stderr, new RegExp(`Scanning ${all.length} objects with HeadObject: about .* at \\d+/s`));
  });

  it('the text report suggests an inventory for large buckets', async () => {
    const { stdout, code, stderr } = await s3enc([
      'audit',
      `s3://${t.bucket}`,
      '--scan',
      '--endpoint',
      liveEnv().s3Endpoint,
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /live scan/);
    assert.match(stdout, /objects use SSE-C/);
    assert.match(stdout, /--create-inventory/);
  });
});
