// A person right-clicks an unencrypted object in the S3 Encryption view, chooses "Change Encryption…",
// picks SSE-KMS with RGW's testing key (typed: the key chooser lists only what KMS itself lists), confirms the
// dry-run summary and sees the object turn SSE-KMS in the tree. Then the SDK proves it: HeadObject reports
// aws:kms with that key, and GetObject returns the bytes that were written.
// It acts on an object of its own (seeded here), so the fixture objects the other scenarios and the
// integration suite check keep their modes.
import { strict as assert } from 'node:assert';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { liveS3Client } from '../../tools/live/s3-test-bucket';
import { CONNECTION_LABEL } from '../../tools/code-server/environment';
import { answerPrompts } from './support/quick-input-flow';
import { openWorkbench, screenshotOnFailure, sharedSession } from './support/session';
import type { Workbench } from './support/workbench';

const OBJECT = 'plain-for-tree.txt';
const CONTENT = 'written without encryption, re-encrypted from the tree\n';

describe('tree actions: Change Encryption… from the context menu', function () {
  let wb: Workbench;

  before(async () => {
    const { live, fixtures } = await sharedSession();
    const client = liveS3Client(live);
    try {
      await client.send(new PutObjectCommand({ Bucket: fixtures.bucket, Key: OBJECT, Body: CONTENT }));
    } finally {
      client.destroy();
    }
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });
  screenshotOnFailure(() => wb);

  it('re-encrypts an unencrypted object with SSE-KMS and the tree shows the new mode', async () => {
    const { live, fixtures } = await sharedSession();
    const kmsKey = live.rgwKmsKeyIds[0];
    assert.ok(kmsKey, 'the live env lists no RGW SSE-KMS key ids (rgwKmsKeyIds)');

    await wb.openViewContainer('S3 Encryption');
    await wb.expand(wb.treeRow(CONNECTION_LABEL));
    await wb.expand(wb.treeRow(fixtures.bucket));
    const row = wb.treeRow(OBJECT);
    // The context menu depends on the object's mode: wait until it is classified.
    await row
      .locator('.label-description', { hasText: /\b(none|not encrypted|unencrypted|not reported)\b/i })
      .waitFor();
    await wb.screenshot('30-tree-plain-object');

    // Through the recording helper: VS Code ignores a click that lands right after the menu opened.
    await wb.contextMenu(row, 'Change Encryption…', { screenshot: '31-tree-context-menu' });

    const dialog = wb.page.locator('.monaco-dialog-box');
    await answerPrompts(
      wb,
      [
        { prompt: /^New encryption for s3:\/\/.*\/plain-for-tree\.txt/, answer: { pick: /^SSE-KMS$/ } },
        // The chooser lists only what KMS lists (nothing for RGW's testing keys): type the key id.
        { prompt: /^KMS key ARN, id or alias/, answer: { type: kmsKey } },
        { prompt: /^KMS key \|/, answer: { pick: /Enter a key ARN, id or alias/ } },
        { prompt: /^KMS encryption context/, answer: { accept: true } },
        { prompt: /^S3 Bucket Key/, answer: { pick: /^Bucket key off$/ } },
      ],
      {
        screenshotPrefix: '32-change-encryption-step',
        // The flow ends in the modal dry-run summary. answerPrompts waits on `quickInput.or(until).first()`, and
        // the (hidden) quick input comes before the dialog in the page: name the workbench that holds the dialog,
        // which comes first.
        until: wb.page.locator('.monaco-workbench').filter({ has: dialog }),
      },
    );

    await dialog.filter({ hasText: /Dry run for s3:\/\/.*: 1 object\(s\)/ }).waitFor();
    const message = (await dialog.textContent()) ?? '';
    // RGW does not report SSE on HeadObject (the endpoint probe knows): "no header" is not "none" here.
    assert.match(message, /\b1 not reported\b/, `the dry run should count one object as not reported: ${message}`);
    assert.doesNotMatch(message, /\bnone\b/, `an object RGW cannot vouch for counted as none: ${message}`);
    assert.match(message, /→ SSE-KMS/, `the dry run should name the target mode: ${message}`);
    await wb.screenshot('33-change-encryption-dry-run');
    await dialog.getByRole('button', { name: 'Change Encryption', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The report and the refreshed tree.
    await wb.page.locator('.notification-toast', { hasText: /1 changed, 0 failed, 0 skipped/ }).waitFor();
    await row.locator('.label-description', { hasText: /SSE-KMS/ }).waitFor();
    await wb.screenshot('34-tree-object-now-sse-kms');

    const client = liveS3Client(live);
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: fixtures.bucket, Key: OBJECT }));
      assert.equal(head.ServerSideEncryption, 'aws:kms');
      assert.equal(head.SSEKMSKeyId, kmsKey);
      const got = await client.send(new GetObjectCommand({ Bucket: fixtures.bucket, Key: OBJECT }));
      assert.equal(await got.Body?.transformToString('utf8'), CONTENT, 'the object bytes changed');
    } finally {
      client.destroy();
    }
  });
});
