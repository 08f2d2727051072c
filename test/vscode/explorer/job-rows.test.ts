// Batch Operations job rows under a bucket: status, ProgressSummary as a progress bar, failures, and the
// contextValue the confirm/cancel/priority/report menus key on.
import assert from 'node:assert/strict';
import type { JobDetails } from '../../../src/core/batch/jobs';
import type { JobNode } from '../../../src/vscode/explorer/model/nodes';
import { presentNode, progressBar } from '../../../src/vscode/explorer/model/presentation';

function row(job?: Partial<JobDetails>, error?: string): JobNode {
  return {
    kind: 'job',
    id: 'j/c/b/1b2c3d4e-0000-4000-8000-000000000000',
    connectionId: 'c',
    bucket: 'b',
    accountId: '111122223333',
    jobId: '1b2c3d4e-0000-4000-8000-000000000000',
    ...(job
      ? { job: { jobId: '1b2c3d4e-0000-4000-8000-000000000000', status: 'Active', failureReasons: [], ...job } }
      : {}),
    ...(error ? { error } : {}),
  };
}

describe('explorer: Batch Operations job rows', () => {
  it('a running job shows its progress as a bar with done/total and failures', () => {
    const p = presentNode(
      row({ status: 'Active', total: 40, succeeded: 10, failed: 2, operation: 'S3PutObjectCopy' }),
      () => undefined,
    );
    assert.equal(p.label, 'Batch job 1b2c3d4e');
    assert.equal(p.description, 'Active · ▰▰▰▱▱▱▱▱▱▱ 30% (12/40) · 2 failed');
    assert.equal(p.contextValue, 's3enc.job.active');
    assert.equal(p.icon?.id, 'sync~spin');
  });

  it('a job waiting for confirmation says so and offers the confirm action (contextValue)', () => {
    const p = presentNode(
      row({ status: 'Suspended', total: 5, succeeded: 0, failed: 0, statusUpdateReason: 'AwaitingConfirmation' }),
      () => undefined,
    );
    assert.match(p.description ?? '', /waiting for confirmation/);
    assert.equal(p.contextValue, 's3enc.job.suspended');
  });

  it('a finished job links its completion report and lists failure reasons in the tooltip', () => {
    const p = presentNode(
      row({
        status: 'Failed',
        total: 3,
        succeeded: 1,
        failed: 2,
        reportLocation: 's3://r/p/job-1/',
        failureReasons: ['ManifestReadFailed: Reading the manifest failed'],
      }),
      () => undefined,
    );
    assert.match(p.tooltip ?? '', /Completion report: `s3:\/\/r\/p\/job-1\/`/);
    assert.match(p.tooltip ?? '', /Failure: ManifestReadFailed/);
    assert.equal(p.contextValue, 's3enc.job.failed');
  });

  it('before the first DescribeJob, and after a failed one, the row still says what it knows', () => {
    assert.match(presentNode(row(), () => undefined).description ?? '', /^loading/);
    assert.match(
      presentNode(row(undefined, 'AccessDenied: no s3:DescribeJob'), () => undefined).tooltip ?? '',
      /Last refresh failed: AccessDenied/,
    );
  });

  it('the bar is bounded', () => {
    assert.equal(progressBar(0), '▱▱▱▱▱▱▱▱▱▱ 0%');
    assert.equal(progressBar(100), '▰▰▰▰▰▰▰▰▰▰ 100%');
  });
});
