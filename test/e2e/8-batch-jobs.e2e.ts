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
import type { Locator } from 'playwright-core';

const FOLDER = 'batch-e2e/';
const SECOND_FOLDER = 'batch-cancel-e2e/';
/** Job rows are named by the first 8 characters of the job id. */
const JOB_ROW = /^Batch job [0-9a-f]{8}$/;
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
    const folder = wb.treeRow(FOLDER);
    await createJob(folder, OBJECTS, '61-batch-step', '62-batch-summary');
    const job = wb.treeRow(JOB_ROW);
    await job
      .locator('.label-description', { hasText: /Suspended .* waiting for confirmation/ })
      .waitFor({ timeout: 60_000 });
    // The row shows once the service has the job: the one job it holds.
    const jobId = [...standIn.control.jobs.keys()][0];
    assert.ok(jobId && (await job.textContent())?.includes(jobId.slice(0, 8)), 'the row is not the job created');
    await wb.screenshot('63-batch-job-waiting');

    // Before running it: a higher priority (the service records it), then Refresh Job reads it back.
    await wb.contextMenu(job, 'Set Job Priority…');
    const priority = wb.quickInput.filter({ hasText: /Priority of Batch job [0-9a-f]{8}/ });
    await priority.waitFor();
    await priority.locator('input.input').fill('42');
    await priority.locator('input.input').press('Enter');
    await priority.waitFor({ state: 'hidden' });
    await waitUntil(() => standIn.control.jobs.get(jobId)?.priority === 42, 'the priority to reach the service');
    await wb.contextMenu(job, 'Refresh Job');
    await job.locator('.label-description', { hasText: /Suspended/ }).waitFor();

    // The waiting job's row carries the confirm action inline.
    await wb.inlineAction(job, 'Confirm and Run Job');

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

    // The report as the user reads it, then the finished job leaves the tree.
    await wb.contextMenu(job, 'Open Completion Report');
    // A rendered, read-only preview (a webview holding an iframe): closing it asks nothing.
    const tab = wb.page.locator('.tab', { hasText: /Batch job [0-9a-f]{8} report/ }).first();
    await tab.waitFor();
    await wb.page
      .frameLocator('iframe.webview.ready')
      .frameLocator('iframe#active-frame')
      .locator('p', { hasText: `${OBJECTS} succeeded, 0 failed` })
      .waitFor();
    await wb.screenshot('66-batch-completion-report');
    await wb.runCommand('View: Close All Editors');
    await tab.waitFor({ state: 'detached' });
    assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'closing the report asked something');
    await wb.contextMenu(job, 'Stop Tracking Job');
    await job.waitFor({ state: 'detached' });
  });

  it('Cancel Job on a job still waiting for confirmation: the service cancels it and the row says so', async () => {
    const { live, fixtures } = await sharedSession();
    const client = liveS3Client(live);
    try {
      await client.send(new PutObjectCommand({ Bucket: fixtures.bucket, Key: `${SECOND_FOLDER}one.txt`, Body: 'x' }));
    } finally {
      client.destroy();
    }
    await wb.contextMenu(wb.treeRow(fixtures.bucket), 'Refresh');
    const folder = wb.treeRow(SECOND_FOLDER);
    await folder.waitFor();
    await createJob(folder, 1);
    // The first job is no longer tracked: the only job row is the new one.
    const job = wb.treeRow(JOB_ROW);
    await job.locator('.label-description', { hasText: /Suspended/ }).waitFor({ timeout: 60_000 });
    const jobId = [...standIn.control.jobs.keys()][1];
    assert.ok(jobId, 'no second job reached the service');
    await wb.contextMenu(job, 'Cancel Job');
    const confirm = wb.page.locator('.monaco-dialog-box').filter({ hasText: /Cancel Batch job/ });
    await confirm.getByRole('button', { name: 'Cancel Job', exact: true }).click();
    await job.locator('.label-description', { hasText: /Cancelled/ }).waitFor({ timeout: 60_000 });
    assert.equal(standIn.control.jobs.get(jobId)?.status, 'Cancelled');
    await wb.screenshot('67-batch-job-cancelled');
    await wb.contextMenu(job, 'Stop Tracking Job');
    await job.waitFor({ state: 'detached' });
  });

  /** Right-click a folder → "Re-encrypt with S3 Batch Operations…" → SSE-S3 → the summary → Create Job. */
  async function createJob(folder: Locator, objects: number, stepShots?: string, summaryShot?: string) {
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
      { screenshotPrefix: stepShots, until: wb.page.locator('.monaco-workbench').filter({ has: dialog }) },
    );
    const summaryText = new RegExp(`Create an S3 Batch Operations job: S3PutObjectCopy on ${objects} object\\(s\\)`);
    await dialog.filter({ hasText: summaryText }).waitFor();
    const summary = (await dialog.textContent()) ?? '';
    assert.match(summary, /waits for your confirmation/, summary);
    assert.match(summary, new RegExp(`in-place copy: ${objects}\\b`), summary);
    if (summaryShot) await wb.screenshot(summaryShot);
    await dialog.getByRole('button', { name: 'Create Job', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
});

/** Polls a condition of the stand-in's state (not on screen), up to 30 s. */
async function waitUntil(ok: () => boolean, what: string): Promise<void> {
  for (const end = Date.now() + 30_000; !ok();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
