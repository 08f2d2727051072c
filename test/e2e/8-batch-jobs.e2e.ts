// A person right-clicks a folder in the S3 Encryption view, chooses "Re-encrypt with S3 Batch Operations…",
// answers the flow (SSE-S3, account, report location, IAM role), confirms the summary, and sees the job appear
// under the bucket waiting for confirmation. They confirm it from the row's menu and watch its progress bar
// move to Complete. The S3 Control service is the local stand-in (tools/local-s3control, real wire format),
// which runs the tasks on Ceph RGW; the completion report it writes is then read back with the SDK.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describeJob, readCompletionReport } from '../../src/core/batch';
import { createS3ControlClient } from '../../src/core/batch/control-client';
import { CONNECTION_LABEL } from '../../tools/code-server/environment';
import { liveConnection, liveS3Client } from '../../tools/live/s3-test-bucket';
import { startStandIn, type StandIn } from '../../tools/local-s3control/server';
import { answerPrompts } from './support/quick-input-flow';
import { openWorkbench, screenshotOnFailure, sharedSession } from './support/session';
import type { Workbench } from './support/workbench';

const FOLDER = 'batch-e2e/';
const OBJECTS = 12;
const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/s3enc-batch-e2e`;

describe('Batch Operations: a re-encryption job created from the tree, confirmed and watched to completion', function () {
  let wb: Workbench;
  let standIn: StandIn;

  before(async () => {
    const { live, fixtures, env } = await sharedSession();
    const client = liveS3Client(live);
    try {
      for (let i = 0; i < OBJECTS; i++)
        await client.send(
          new PutObjectCommand({ Bucket: fixtures.bucket, Key: `${FOLDER}item-${i}.txt`, Body: `object ${i}\n` }),
        );
    } finally {
      client.destroy();
    }
    // Slow enough that the progress bar is seen moving.
    standIn = await startStandIn({
      rgwEndpoint: live.s3Endpoint,
      region: live.region,
      accessKeyId: live.accessKeyId,
      secretAccessKey: live.secretAccessKey,
      taskDelayMs: 700,
      prepareDelayMs: 300,
    });
    // Workspace settings are read live by the extension: point Batch Operations at the stand-in.
    mkdirSync(join(env.workspace, '.vscode'), { recursive: true });
    writeFileSync(
      join(env.workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 's3enc.batch.controlEndpoint': standIn.controlEndpoint, 's3enc.batch.pollSeconds': 1 }, null, 2),
    );
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
    await standIn?.close();
  });
  screenshotOnFailure(() => wb);

  it('creates the job, shows it waiting, runs it on confirmation and shows the progress to Complete', async () => {
    const { live, fixtures } = await sharedSession();
    await wb.openViewContainer('S3 Encryption');
    await wb.expand(wb.treeRow(CONNECTION_LABEL));
    await wb.expand(wb.treeRow(fixtures.bucket));
    const folder = wb.treeRow(FOLDER.slice(0, -1) + '/');
    await folder.waitFor();
    // Through the recording helper: it hovers then presses Enter, as VS Code ignores a click that lands right
    // after the menu opened.
    await wb.contextMenu(folder, 'Re-encrypt with S3 Batch Operations…');

    const dialog = wb.page.locator('.monaco-dialog-box');
    await answerPrompts(
      wb,
      [
        { prompt: /^Re-encrypt with S3 Batch Operations: new encryption/, answer: { pick: /^SSE-S3$/ } },
        { prompt: /^AWS account id that owns the job/, answer: { type: ACCOUNT } },
        { prompt: /^Where the manifest and the completion report go/, answer: { accept: true } },
        { prompt: /^IAM role for the Batch Operations job/, answer: { pick: /Enter a role ARN/ } },
        { prompt: /^IAM role ARN/, answer: { type: ROLE } },
      ],
      { screenshotPrefix: '61-batch-step', until: wb.page.locator('.monaco-workbench').filter({ has: dialog }) },
    );
    await dialog.filter({ hasText: /Create an S3 Batch Operations job: S3PutObjectCopy on 12 object\(s\)/ }).waitFor();
    const summary = (await dialog.textContent()) ?? '';
    assert.match(summary, /waits for your confirmation/, summary);
    assert.match(summary, /in-place copy: 12/, summary);
    await wb.screenshot('62-batch-summary');
    await dialog.getByRole('button', { name: 'Create Job', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    const job = wb.treeRow(/^Batch job [0-9a-f]{8}$/);
    await job
      .locator('.label-description', { hasText: /Suspended .* waiting for confirmation/ })
      .waitFor({ timeout: 60_000 });
    await wb.screenshot('63-batch-job-waiting');
    // The waiting job's row carries the confirm action inline.
    await job.hover();
    await job.locator('.action-label[aria-label="Confirm and Run Job"]').click();

    // The bar moves: some tasks done but not all, then 100%.
    await job
      .locator('.label-description', { hasText: /Active · ▰*▱+ \d+% \((?:[1-9]|1[01])\/12\)/ })
      .waitFor({ timeout: 90_000 });
    await wb.screenshot('64-batch-job-running');
    await job
      .locator('.label-description', { hasText: /Complete · ▰{10} 100% \(12\/12\)/ })
      .waitFor({ timeout: 120_000 });
    await wb.screenshot('65-batch-job-complete');

    // The job the tree shows is the one the service ran; its completion report lists every object.
    const jobId = standIn.control.jobs.keys().next().value as string;
    const control = createS3ControlClient(
      { ...liveConnection(live), credentials: { kind: 'environment' } },
      {
        endpoint: standIn.controlEndpoint,
        credentials: { accessKeyId: live.accessKeyId, secretAccessKey: live.secretAccessKey },
      },
    );
    const client = liveS3Client(live);
    try {
      const done = await describeJob(control, ACCOUNT, jobId);
      assert.equal(done.status, 'Complete');
      assert.equal(done.roleArn, ROLE);
      const report = await readCompletionReport(client, done.reportLocation!);
      assert.equal(report.succeeded, OBJECTS);
      assert.deepEqual(
        report.rows.map((r) => r.key).sort(),
        Array.from({ length: OBJECTS }, (_, i) => `${FOLDER}item-${i}.txt`).sort(),
      );
    } finally {
      control.destroy();
      client.destroy();
    }
  });
});
