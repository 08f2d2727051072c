// `s3enc reencrypt --batch` and `s3enc jobs` against the S3 Control stand-in (real @aws-sdk/client-s3-control
// on the wire) in front of Ceph RGW: the dry run's CreateJob request, a job created, confirmed, tracked to
// completion and its completion report read; the UpdateObjectEncryption operation when every object allows
// it; cancel and priority.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateJobCommand, type CreateJobCommandInput } from '@aws-sdk/client-s3-control';
import { describeJob, readCompletionReport, type JobDetails } from '../../src/core/batch';
import { sseCParams } from '../../src/core/transfer/sse-params';
import { liveEnv } from '../../tools/live/live-env';
import { standInKeyArn, useStandIn } from '../support/stand-in';
import { useLiveBucket } from '../support/live-fixtures';
import { s3enc } from './s3enc-run';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/s3enc-batch`;

describe('s3enc reencrypt --batch and s3enc jobs (S3 Control stand-in)', function () {
  this.timeout(180_000);
  const s = useLiveBucket('cli-batch');
  const t = useStandIn({ taskDelayMs: 150 });
  const common = () => [
    '--account-id',
    ACCOUNT,
    '--role-arn',
    ROLE,
    '--report',
    `s3://${s.bucket}/batch-reports`,
    '--endpoint',
    t.standIn.s3Endpoint,
    '--control-endpoint',
    t.standIn.controlEndpoint,
  ];

  async function waitFor(
    jobId: string,
    done: (j: JobDetails) => boolean,
    seen: JobDetails[] = [],
  ): Promise<JobDetails> {
    for (let i = 0; i < 300; i++) {
      const j = await describeJob(t.control, ACCOUNT, jobId);
      seen.push(j);
      if (done(j)) return j;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${jobId} did not get there; last status ${seen.at(-1)?.status}`);
  }

  it('--batch --dry-run --json prints a CreateJob request the service accepts, and writes nothing', async () => {
    for (let i = 0; i < 3; i++)
      await s.client.send(new PutObjectCommand({ Bucket: s.bucket, Key: `dry/o${i}`, Body: randomBytes(10) }));
    const r = await s3enc([
      'reencrypt',
      `s3://${s.bucket}/dry/`,
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      standInKeyArn(0),
      '--bucket-key',
      '--batch',
      '--dry-run',
      '--json',
      ...common(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const { createJob } = JSON.parse(r.stdout) as { createJob: CreateJobCommandInput };
    assert.equal(createJob.ConfirmationRequired, true);
    assert.equal(createJob.AccountId, ACCOUNT);
    assert.equal(createJob.RoleArn, ROLE);
    assert.match(createJob.ClientRequestToken ?? '', /^[0-9a-f-]{36}$/);
    // Unencrypted sources cannot take UpdateObjectEncryption: an in-place copy with the new SSE settings.
    assert.deepEqual(createJob.Operation, {
      S3PutObjectCopy: {
        TargetResource: `arn:aws:s3:::${s.bucket}`,
        MetadataDirective: 'COPY',
        NewObjectMetadata: { SSEAlgorithm: 'KMS' },
        SSEAwsKmsKeyId: standInKeyArn(0),
        BucketKeyEnabled: true,
      },
    });
    assert.equal(createJob.Manifest?.Spec?.Format, 'S3BatchOperations_CSV_20180820');
    assert.match(
      createJob.Manifest?.Location?.ObjectArn ?? '',
      new RegExp(`^arn:aws:s3:::${s.bucket}/batch-reports/manifests/`),
    );
    assert.match(createJob.Manifest?.Location?.ETag ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual(createJob.Report, {
      Bucket: `arn:aws:s3:::${s.bucket}`,
      Format: 'Report_CSV_20180820',
      Enabled: true,
      Prefix: 'batch-reports',
      ReportScope: 'AllTasks',
    });
    // The real SDK serialises it and the service takes it; the job then fails at Preparing because the dry
    // run wrote no manifest.
    const created = await t.control.send(new CreateJobCommand(createJob));
    const job = await waitFor(created.JobId!, (j) => j.status === 'Failed');
    assert.match(job.failureReasons.join(' '), /Reading the manifest failed: .*NoSuchKey|Reading the manifest failed/);
  });

  it('creates a job that waits for confirmation, runs with visible progress, completes, and its report lists every object', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `run/item ${i}.txt`);
    for (const k of keys)
      await s.client.send(
        new PutObjectCommand({ Bucket: s.bucket, Key: k, Body: randomBytes(50), ContentType: 'text/plain' }),
      );
    await s.client.send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: 'run/ssec.bin',
        Body: randomBytes(10),
        ...sseCParams(randomBytes(32)),
      }),
    );
    const r = await s3enc([
      'reencrypt',
      `s3://${s.bucket}/run/`,
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      liveEnv().rgwKmsKeyIds[0],
      '--batch',
      '--json',
      ...common(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const created = JSON.parse(r.stdout) as { jobId: string; operation: string; objects: number };
    assert.equal(created.operation, 'S3PutObjectCopy');
    assert.equal(created.objects, 8, 'the SSE-C object (no key) is not in the manifest');
    const waiting = await waitFor(created.jobId, (j) => j.status === 'Suspended');
    assert.equal(waiting.total, 8);
    const listed = await s3enc([
      'jobs',
      '--account-id',
      ACCOUNT,
      '--control-endpoint',
      t.standIn.controlEndpoint,
      '--json',
    ]);
    assert.ok(
      (JSON.parse(listed.stdout) as Array<{ jobId: string; status: string }>).some(
        (j) => j.jobId === created.jobId && j.status === 'Suspended',
      ),
    );
    const confirm = await s3enc([
      'jobs',
      '--account-id',
      ACCOUNT,
      created.jobId,
      '--confirm',
      '--control-endpoint',
      t.standIn.controlEndpoint,
    ]);
    assert.equal(confirm.code, 0, confirm.stderr);
    const seen: JobDetails[] = [];
    const done = await waitFor(created.jobId, (j) => j.status === 'Complete', seen);
    assert.ok(
      seen.some((j) => j.status === 'Active' && (j.succeeded ?? 0) > 0 && (j.succeeded ?? 0) < 8),
      'progress was visible while the job ran',
    );
    assert.deepEqual([done.succeeded, done.failed], [8, 0]);
    const report = await readCompletionReport(s.client, done.reportLocation!);
    assert.deepEqual(report.rows.map((row) => row.key).sort(), [...keys].sort());
    assert.ok(report.rows.every((row) => row.taskStatus === 'succeeded' && row.httpStatus === 200));
    for (const k of keys)
      assert.equal(
        (await s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: k }))).ServerSideEncryption,
        'aws:kms',
      );
    const shown = await s3enc([
      'jobs',
      '--account-id',
      ACCOUNT,
      created.jobId,
      '--control-endpoint',
      t.standIn.controlEndpoint,
    ]);
    assert.match(shown.stdout, /Complete/);
    assert.match(shown.stdout, /8 succeeded, 0 failed of 8 \(100%\)/);
    assert.match(shown.stdout, /completion report: s3:\/\//);
  });

  it('uses S3UpdateObjectEncryption when every object allows it; failed tasks appear in the report', async () => {
    for (let i = 0; i < 3; i++) {
      await s.client.send(
        new PutObjectCommand({
          Bucket: s.bucket,
          Key: `upd/k${i}`,
          Body: randomBytes(20),
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: liveEnv().rgwKmsKeyIds[1],
        }),
      );
    }
    const r = await s3enc([
      'reencrypt',
      `s3://${s.bucket}/upd/`,
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      standInKeyArn(0),
      '--allow-kms-key-change',
      '--batch',
      '--json',
      ...common(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const created = JSON.parse(r.stdout) as { jobId: string; operation: string };
    assert.equal(created.operation, 'S3UpdateObjectEncryption');
    await waitFor(created.jobId, (j) => j.status === 'Suspended');
    // One object disappears before the job runs: its task fails, the others succeed.
    await s.client.send(new PutObjectCommand({ Bucket: s.bucket, Key: 'upd/k1', Body: 'now unencrypted' }));
    await s3enc([
      'jobs',
      '--account-id',
      ACCOUNT,
      created.jobId,
      '--confirm',
      '--control-endpoint',
      t.standIn.controlEndpoint,
    ]);
    const done = await waitFor(created.jobId, (j) => j.status === 'Complete');
    assert.deepEqual([done.succeeded, done.failed], [2, 1]);
    const report = await readCompletionReport(s.client, done.reportLocation!);
    const failed = report.rows.find((row) => row.taskStatus === 'failed');
    assert.equal(failed?.key, 'upd/k1');
    assert.equal(failed?.errorCode, 'InvalidRequest');
    assert.match(failed?.message ?? '', /unencrypted source objects/);
  });

  it('jobs --priority and --cancel change a waiting job', async () => {
    await s.client.send(new PutObjectCommand({ Bucket: s.bucket, Key: 'cancel/a', Body: 'a' }));
    const r = await s3enc([
      'reencrypt',
      `s3://${s.bucket}/cancel/`,
      '--sse',
      'AES256',
      '--batch',
      '--json',
      ...common(),
    ]);
    const { jobId } = JSON.parse(r.stdout) as { jobId: string };
    await waitFor(jobId, (j) => j.status === 'Suspended');
    const p = await s3enc([
      'jobs',
      '--account-id',
      ACCOUNT,
      jobId,
      '--priority',
      '42',
      '--json',
      '--control-endpoint',
      t.standIn.controlEndpoint,
    ]);
    assert.equal((JSON.parse(p.stdout) as JobDetails).priority, 42);
    const c = await s3enc([
      'jobs',
      '--account-id',
      ACCOUNT,
      jobId,
      '--cancel',
      '--json',
      '--control-endpoint',
      t.standIn.controlEndpoint,
    ]);
    assert.equal((JSON.parse(c.stdout) as JobDetails).status, 'Cancelled');
    const again = await s3enc([
      'jobs',
      '--account-id',
      ACCOUNT,
      jobId,
      '--confirm',
      '--control-endpoint',
      t.standIn.controlEndpoint,
    ]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^JobStatusException: .*Cancelled/m);
  });
});
