// A new user walks every command of the palette and every menu entry the extension contributes, in the
// states they meet (empty, loading, error, success), and each state is screenshotted. Buckets of its own
// (created here, removed after) keep the other scenarios' bucket untouched. 9-coverage.e2e.ts then checks
// that every command and menu entry of package.json was used by some scenario.
import * as assert from 'node:assert/strict';
import { HeadObjectCommand, PutBucketPolicyCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTION_LABEL } from '../../tools/code-server/environment';
import { createTestBucket, deleteBucketCompletely, liveS3Client } from '../../tools/live/s3-test-bucket';
import { denyUnencryptedPuts } from '../../tools/seed-demo';
import { answerPrompts } from './support/quick-input-flow';
import { openWorkbench, screenshotOnFailure, sharedSession } from './support/session';
import { invoked, type Workbench } from './support/workbench';

const VIEW = 'Buckets';
const SECOND = 'Second RGW';
const MANY = 205; // more than one page (s3enc.explorer.pageSize defaults to 200)
const CSE_OBJECT = 'docs/guide.txt';
const CSE_CONTENT = 'How to read the guide.\n';

describe('every command and menu entry, as a new user meets them', function () {
  let wb: Workbench;
  let client: S3Client;
  let bucket = '';
  let guarded = '';
  let scratch = '';

  before(async function () {
    this.timeout(180_000);
    const { live } = await sharedSession();
    client = liveS3Client(live);
    bucket = await createTestBucket(client, 'e2e-cmds');
    guarded = await createTestBucket(client, 'e2e-guarded');
    const put = (Key: string, Body: string, extra: Record<string, unknown> = {}) =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key, Body, ...extra }));
    await put(CSE_OBJECT, CSE_CONTENT);
    await put('docs/notes.txt', 'notes\n');
    await put('report.csv', 'a,b\n1,2\n', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: live.rgwKmsKeyIds[0] });
    for (let i = 0; i < MANY; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, MANY - i) }, (_, j) =>
          put(`many/item-${String(i + j).padStart(3, '0')}.txt`, `${i + j}\n`),
        ),
      );
    }
    await client.send(
      new PutBucketPolicyCommand({ Bucket: guarded, Policy: JSON.stringify(denyUnencryptedPuts(guarded)) }),
    );
    scratch = mkdtempSync(join(tmpdir(), 's3enc-e2e-cmds-'));
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    for (const b of [bucket, guarded])
      if (b) await deleteBucketCompletely(client, b).catch((e: Error) => console.error(`cleanup ${b}: ${e.message}`));
    client?.destroy();
  });
  screenshotOnFailure(() => wb);

  const bucketRow = () => wb.treeRow(bucket);
  /** The tree as a person starts a new task: everything folded, then the connection and our bucket opened. */
  async function freshTree(): Promise<void> {
    await wb.page.keyboard.press('Escape');
    await wb.openViewContainer('S3 Encryption');
    await wb.viewTitleAction(VIEW, 'Collapse All');
    await wb.expand(wb.treeRow(CONNECTION_LABEL));
    await wb.expand(bucketRow());
  }
  const togglePane = (title: string) =>
    wb.page.locator('.part.sidebar .pane-header', { hasText: title }).first().click();
  const dialog = () => wb.page.locator('.monaco-dialog-box');
  /** The modal dialog ends a prompt flow; the workbench holding it comes before the hidden quick input. */
  const dialogShown = () => wb.page.locator('.monaco-workbench').filter({ has: wb.page.locator('.monaco-dialog-box') });

  describe('the view and the legend', () => {
    it('Show Encryption Legend (view title): a view with each icon in its colour, no editor to save', async () => {
      await wb.openViewContainer('S3 Encryption');
      await wb.treeRow(CONNECTION_LABEL).waitFor();
      await wb.viewTitleAction(VIEW, 'Show Encryption Legend');
      await wb.page.locator('.part.sidebar .pane-header', { hasText: 'Encryption Legend' }).first().waitFor();
      // Give the legend the side bar (a person collapses the buckets to read it).
      await togglePane('Buckets');
      const legendRow = wb.treeRow('SSE-C');
      await legendRow.waitFor();
      assert.match((await legendRow.locator('.codicon').first().getAttribute('class')) ?? '', /codicon-key\b/);
      await wb.treeRow('SSE not reported by this endpoint').waitFor();
      assert.equal(await wb.page.locator('.tab.dirty').count(), 0, 'the legend left an unsaved editor');
      const text = (await wb.page.locator('.part.sidebar').textContent()) ?? '';
      assert.doesNotMatch(text, /charts\.|s3enc\.object|\$\(/, 'theme token names or internal ids in the legend');
      await wb.screenshot('60-legend-dark');
    });

    it('the legend in a light theme', async () => {
      await wb.runCommand('Preferences: Color Theme');
      await wb.pickRow(/^Light Modern/);
      await wb.page.locator('.monaco-workbench.vs').waitFor();
      await wb.screenshot('61-legend-light');
      await wb.runCommand('Preferences: Color Theme');
      await wb.pickRow(/^Dark Modern/);
      await wb.page.locator('.monaco-workbench.vs-dark').waitFor();
      await togglePane('Encryption Legend');
      await togglePane('Buckets');
    });
  });

  describe('connections: add, error, retry, edit, remove', () => {
    it('Add Connection (view title) to an endpoint that does not answer: the error row says so', async () => {
      const { live } = await sharedSession();
      await wb.viewTitleAction(VIEW, 'Add Connection');
      await answerPrompts(
        wb,
        [
          { prompt: /^Add S3 connection/, answer: { pick: /S3-compatible endpoint/ } },
          { prompt: /^Endpoint URL/, answer: { type: 'http://127.0.0.1:9' } },
          { prompt: /^Addressing style/, answer: { pick: /^Path-style/ } },
          { prompt: /^Credentials for this endpoint/, answer: { pick: /Access key and secret/ } },
          { prompt: /^Access key id/, answer: { type: live.accessKeyId } },
          { prompt: /^Secret access key/, answer: { type: live.secretAccessKey } },
          { prompt: /^Region/, answer: { type: live.region } },
          { prompt: /^Name shown in the explorer/, answer: { type: SECOND } },
        ],
        { screenshotPrefix: '62-add-connection-step', until: wb.treeRow(SECOND) },
      );
      const row = wb.treeRow(SECOND);
      const description = (await row.locator('.label-description').textContent()) ?? '';
      assert.ok(!description.includes(live.accessKeyId), `the access key id is shown in full: ${description}`);
      assert.match(description, new RegExp(`${live.accessKeyId.slice(0, 4)}…${live.accessKeyId.slice(-4)}`));
      await wb.expand(row);
      await wb
        .treeRow(/click to retry|127\.0\.0\.1:9/)
        .or(wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'click to retry' }))
        .first()
        .waitFor({ timeout: 60_000 });
      await wb.screenshot('63-connection-error');
    });

    it('Retry (click on the error row) asks again and shows the error again while the endpoint is down', async () => {
      const error = wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'click to retry' }).first();
      invoked.add('command:s3enc.retry');
      await error.click();
      await wb.page
        .locator('.part.sidebar .monaco-list-row', { hasText: 'click to retry' })
        .first()
        .waitFor({ timeout: 60_000 });
    });

    it('Edit Connection (context menu) to the right endpoint: the buckets list', async () => {
      const { live } = await sharedSession();
      await wb.contextMenu(wb.treeRow(SECOND), 'Edit Connection');
      await answerPrompts(
        wb,
        [
          { prompt: /^Endpoint URL/, answer: { type: live.s3Endpoint } },
          { prompt: /^Addressing style/, answer: { pick: /^Path-style/ } },
          { prompt: /^Credentials for this endpoint/, answer: { pick: /Access key and secret/ } },
          { prompt: /^Access key id/, answer: { accept: true } },
          { prompt: /^Secret access key/, answer: { accept: true } },
          { prompt: /^Region/, answer: { accept: true } },
          { prompt: /^Name shown in the explorer/, answer: { type: `${SECOND} (edited)` } },
        ],
        { until: wb.treeRow(`${SECOND} (edited)`) },
      );
      await wb.expand(wb.treeRow(`${SECOND} (edited)`));
      await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: guarded }).first().waitFor();
      await wb.screenshot('64-connection-edited-lists-buckets');
    });

    it('Remove Connection (context menu) after a confirmation', async () => {
      await wb.contextMenu(wb.treeRow(`${SECOND} (edited)`), 'Remove Connection');
      await dialog()
        .filter({ hasText: /Remove the connection/ })
        .waitFor();
      await wb.screenshot('65-remove-connection-confirm');
      await dialog().getByRole('button', { name: 'Remove', exact: true }).click();
      await wb.treeRow(`${SECOND} (edited)`).waitFor({ state: 'detached' });
    });
  });

  describe('browsing a bucket', () => {
    it('Refresh (view title) shows a bucket created meanwhile; its row reads encryption, then summarises', async () => {
      await wb.viewTitleAction(VIEW, 'Refresh');
      await wb.expand(wb.treeRow(CONNECTION_LABEL));
      await bucketRow().waitFor();
      await wb.screenshot('66-bucket-loading');
      await bucketRow().locator('.label-description', { hasText: /TLS/ }).waitFor();
      await wb.expand(bucketRow());
      await wb
        .treeRow('report.csv')
        .locator('.label-description', { hasText: /SSE-KMS/ })
        .waitFor();
      await wb.screenshot('67-bucket-expanded');
    });

    it('the bucket row counts objects of opened folders, and its hover names the region as such', async () => {
      await wb.expand(wb.treeRow('docs/'));
      await bucketRow()
        .locator('.label-description', { hasText: /loaded: .*2 SSE not reported/ })
        .waitFor();
      // A hover opens when the pointer arrives: come from outside the tree, and try again if it did not open.
      const hover = wb.page
        .locator('.monaco-hover, .workbench-hover')
        .filter({ hasText: /Default encryption/ })
        .first();
      for (let attempt = 1; ; attempt++) {
        await wb.page.mouse.move(900, 600);
        await bucketRow().locator('.label-name').hover();
        if (
          await hover.waitFor({ timeout: 5_000 }).then(
            () => true,
            () => false,
          )
        )
          break;
        if (attempt === 4) await hover.waitFor({ timeout: 5_000 });
      }
      const text = (await hover.textContent()) ?? '';
      assert.match(text, /Region: /);
      assert.doesNotMatch(text, new RegExp(`${bucket} — `));
      await wb.screenshot('68-bucket-hover');
      await wb.page.mouse.move(5, 5);
    });

    it('Filter by Prefix (inline) narrows the listing; an empty result says so; Clear Prefix Filter (menu) restores it', async () => {
      await wb.inlineAction(bucketRow(), 'Filter by Prefix…');
      await answerPrompts(wb, [{ prompt: /^Filter s3:\/\//, answer: { type: 'nothing-here' } }], {
        until: wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'Nothing matches the filter' }),
      });
      await wb.screenshot('69-filter-empty');
      await wb.contextMenu(bucketRow(), 'Filter by Prefix…');
      await answerPrompts(wb, [{ prompt: /^Filter s3:\/\//, answer: { type: 'rep' } }], {
        until: bucketRow().locator('.label-description', { hasText: 'filter "rep"' }),
      });
      await wb.treeRow('report.csv').waitFor();
      assert.equal(await wb.treeRow('docs/').count(), 0, 'the filter kept docs/');
      await wb.screenshot('70-filter-applied');
      await wb.contextMenu(bucketRow(), 'Clear Prefix Filter');
      await wb.treeRow('docs/').waitFor();
    });

    it('Load More (row) fetches the next page of a large folder', async () => {
      await wb.expand(wb.treeRow('many/'));
      await wb.treeRow('item-000.txt').waitFor();
      // The row is at the end of 200: the tree only draws what is in view, so go to the end as a person would.
      await wb.page.keyboard.press('End');
      const more = wb.treeRow('Load more…');
      await more.waitFor();
      await wb.screenshot('71-load-more');
      invoked.add('command:s3enc.loadMore');
      // The list may still be scrolling under the pointer after End: click until the folder says 205.
      const all = wb.page.locator('.part.sidebar .label-description', { hasText: `${MANY} SSE not reported` }).first();
      for (let attempt = 1; attempt <= 3 && !(await all.isVisible()); attempt++) {
        await more.click();
        await all.waitFor({ timeout: 10_000 }).catch(() => undefined);
      }
      await all.waitFor();
      // Fold the 205 rows away again (the view's Collapse All), and reopen the bucket.
      await wb.viewTitleAction(VIEW, 'Collapse All');
      await wb.expand(wb.treeRow(CONNECTION_LABEL));
      await wb.expand(bucketRow());
      await wb.contextMenu(wb.treeRow('docs/'), 'Refresh');
      await wb.treeRow('docs/').waitFor();
    });

    it('Refresh (inline on the bucket) and Copy S3 URI (menu on an object)', async () => {
      await wb.inlineAction(bucketRow(), 'Refresh');
      await wb
        .treeRow('report.csv')
        .locator('.label-description', { hasText: /SSE-KMS/ })
        .waitFor();
      await wb.contextMenu(wb.treeRow('report.csv'), 'Copy S3 URI');
      await wb.page.locator('.part.statusbar', { hasText: `Copied s3://${bucket}/report.csv` }).waitFor();
    });
  });

  describe('transfers', () => {
    before(() => freshTree());
    it('Download… (menu on an object) writes the file where the user chose', async () => {
      await wb.contextMenu(wb.treeRow('report.csv'), 'Download…');
      await answerPrompts(wb, [{ prompt: /^Download to folder/, answer: { path: `${scratch}/` } }], {
        until: wb.toast(/Downloaded 1 object\(s\) to /),
      });
      assert.equal(readFileSync(join(scratch, 'report.csv'), 'utf8'), 'a,b\n1,2\n');
      await wb.screenshot('72-downloaded');
    });

    it('Change Encryption… to client-side with a generated key: offered CSE key kinds only, no KMS option in the dry run', async () => {
      await wb.expand(wb.treeRow('docs/'));
      await wb
        .treeRow('guide.txt')
        .locator('.label-description', { hasText: /not reported|none/ })
        .waitFor();
      await wb.contextMenu(wb.treeRow('guide.txt'), 'Change Encryption…');
      const seen = await answerPrompts(
        wb,
        [
          { prompt: /^New encryption for s3:\/\/.*docs\/guide\.txt/, answer: { pick: /Client-side encryption/ } },
          { prompt: /^Client-side encryption key/, answer: { pick: /Generate a new key/ } },
          { prompt: /^Generate a key/, answer: { pick: /^CSE AES key$/ } },
          { prompt: /^Name for the new CSE AES key/, answer: { type: 'e2e-cse-key' } },
          { prompt: /^Object format/, answer: { pick: /^V3$/ } },
          { prompt: /^Where to store the key envelope/, answer: { pick: /^Object metadata$/ } },
        ],
        { screenshotPrefix: '73-change-to-cse-step', until: dialogShown() },
      );
      const kinds = seen.find((s) => /^Generate a key/.test(s));
      assert.ok(kinds, `no key-kind prompt among: ${seen.join(' / ')}`);
      const box = dialog();
      await box.filter({ hasText: /Dry run for s3:\/\/.*docs\/guide\.txt: 1 object/ }).waitFor();
      assert.equal(
        await box.getByRole('button', { name: 'Also replace KMS keys' }).count(),
        0,
        'KMS key replacement offered without KMS objects',
      );
      await wb.screenshot('74-change-to-cse-dry-run');
      await box.getByRole('button', { name: 'Change Encryption', exact: true }).click();
      await wb
        .treeRow('guide.txt')
        .locator('.label-description', { hasText: /CSE-V3/ })
        .waitFor();
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: CSE_OBJECT }));
      assert.ok(head.Metadata?.['x-amz-c'], 'no V3 envelope on the object');
    });

    it('Open Decrypted (menu) opens what the extension just encrypted with its generated key', async () => {
      await wb.contextMenu(wb.treeRow('guide.txt'), 'Open Decrypted (Read-Only)');
      await wb.page.locator('.tab', { hasText: 'guide.txt' }).first().waitFor();
      await wb.page.locator('.monaco-editor .view-lines', { hasText: 'How to read the guide.' }).first().waitFor();
      await wb.screenshot('75-open-decrypted');
      await wb.runCommand('View: Close All Editors');
    });

    it('Upload… (menu on a bucket whose policy needs an SSE header): the picker leads with it; a refused mode is denied with a retry', async () => {
      const { env } = await sharedSession();
      const file = join(env.workspace, 'data', 'quarterly-report.txt');
      const guardedRow = wb.treeRow(guarded);
      await wb.expand(guardedRow);
      await wb.treeRow('Empty').waitFor();
      await wb.screenshot('76-bucket-empty');
      await wb.contextMenu(guardedRow, 'Upload…');
      const seen = await answerPrompts(
        wb,
        [
          { prompt: /^Upload to S3/, answer: { path: file } },
          { prompt: /^Encryption for uploads to/, answer: { pick: /Bucket default/ } },
        ],
        { screenshotPrefix: '76-upload-guarded-step', until: wb.toast(/was denied/) },
      );
      const picker = seen.find((s) => /^Encryption for uploads to/.test(s)) ?? '';
      assert.match(picker, /Required here: SSE-S3 or SSE-KMS or DSSE-KMS/);
      const denied = wb.toast(/was denied/);
      assert.match((await denied.textContent()) ?? '', /requires SSE-S3/);
      await wb.screenshot('77-upload-denied-with-retry');
      await denied.getByRole('button', { name: /Upload Again with SSE-S3/ }).click();
      // Done when the toast says so, or the object shows in the (until then empty) bucket: a toast can be
      // gone before it is seen while an older one keeps the keyboard focus.
      await answerPrompts(wb, [{ prompt: /^Encryption for uploads to/, answer: { pick: /SSE-S3/ } }], {
        screenshotPrefix: '78-upload-retry-step',
        until: wb
          .toast(`Uploaded 1 object(s) to s3://${guarded}/ with SSE-S3`)
          .or(wb.treeRow('quarterly-report.txt'))
          .first(),
      });
      await wb.screenshot('78-upload-retried');
      // Fold the bucket away: the next scenarios look for rows of the other bucket.
      await wb.setExpanded(guardedRow, false);
    });

    it("Upload… (the Explorer's menu on a workspace file) to a bucket picked from the list", async () => {
      await wb.runCommand('View: Show Explorer');
      const fileRow = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'data' }).first();
      await fileRow.waitFor();
      await wb.expand(fileRow);
      const file = wb.page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: 'quarterly-report.txt' })
        .first();
      await wb.contextMenu(file, 'Upload…', { where: 'explorer/context' });
      await answerPrompts(
        wb,
        [
          { prompt: /^Upload: connection/, answer: { pick: CONNECTION_LABEL } },
          { prompt: /^Upload: bucket/, answer: { pick: bucket } },
          { prompt: /^Upload: folder/, answer: { pick: /Here: s3:\/\// } },
          { prompt: /^Encryption for uploads to/, answer: { pick: /^SSE-S3$/ } },
        ],
        { until: wb.toast(`Uploaded 1 object(s) to s3://${bucket}/ with SSE-S3`) },
      );
      await wb.openViewContainer('S3 Encryption');
      await wb.treeRow('quarterly-report.txt').waitFor();
    });

    it('Upload… (menu on a folder) and Download… (menu on a folder)', async () => {
      const { env } = await sharedSession();
      // Chosen right after the previous scenario's upload redrew the bucket: the row must still reach it.
      await wb.contextMenu(wb.treeRow('docs/'), 'Upload…');
      await answerPrompts(
        wb,
        [
          { prompt: /^Upload to S3/, answer: { path: join(env.workspace, 'src', 'storage.ts') } },
          { prompt: /^Encryption for uploads to/, answer: { pick: /^SSE-S3$/ } },
        ],
        { until: wb.toast(`Uploaded 1 object(s) to s3://${bucket}/docs/ with SSE-S3`) },
      );
      const into = join(scratch, 'docs-copy');
      mkdirSync(into);
      // A person waits for the new object's row to show its encryption before the next step.
      await wb.treeRow('storage.ts').filter({ hasText: /SSE/ }).first().waitFor();
      // Right after an upload VS Code re-reads the folder, and the entry can reach its command without the row
      // (the extension then acts on the selected row). In three fresh-machine runs the folder dialog then never
      // showed, once even when chosen twice (cause not found: the extension log shows neither an error nor a
      // dismissed dialog). A person who sees nothing presses Escape and chooses again: up to three times.
      for (let attempt = 1; attempt <= 3; attempt++) {
        await wb.contextMenu(wb.treeRow('docs/'), 'Download…');
        const opened = await wb.page
          .locator('.quick-input-widget')
          .filter({ visible: true })
          .first()
          .waitFor({ timeout: 10_000 })
          .then(
            () => true,
            () => false,
          );
        if (opened) break;
        await wb.page.keyboard.press('Escape');
      }
      await answerPrompts(wb, [{ prompt: /^Download to folder/, answer: { path: `${into}/` } }], {
        until: wb.toast(new RegExp(`Downloaded \\d+ object\\(s\\) to ${into}`)),
      });
      assert.ok(
        existsSync(join(into, 'docs', 'storage.ts')) || existsSync(join(into, 'storage.ts')),
        'the folder download wrote nothing',
      );
    });
  });

  describe('bucket settings', () => {
    before(() => freshTree());
    // Ceph RGW 16 refuses PutBucketEncryption (400 InvalidArgument): the user is told so, plainly.
    const refusedOrDone = (done: RegExp, refused: RegExp) => wb.toast(done).or(wb.toast(refused)).first();

    it("Set Default Encryption… (menu on a bucket): done, or the endpoint's refusal in plain words", async () => {
      await wb.contextMenu(bucketRow(), 'Set Default Encryption…');
      await answerPrompts(wb, [{ prompt: /^Default encryption for/, answer: { pick: /^SSE-S3$/ } }], {
        until: refusedOrDone(
          /Default encryption of .* set to SSE-S3/,
          /refused to set the default encryption .*Nothing was changed/,
        ),
      });
      assert.doesNotMatch(
        (await refusedOrDone(/set to SSE-S3/, /refused to set the default/).textContent()) ?? '',
        /UnknownError/,
      );
      await wb.screenshot('79-default-encryption');
    });

    it('Require TLS… (menu on a bucket) shows the policy change before applying it', async () => {
      await wb.contextMenu(bucketRow(), 'Require TLS…');
      await dialog()
        .filter({ hasText: /Requests over plain HTTP will be denied/ })
        .waitFor();
      await wb.screenshot('80-require-tls-diff');
      await dialog().getByRole('button', { name: 'Apply', exact: true }).click();
      await wb.toast(/now requires TLS/).waitFor();
      await wb.runCommand('View: Close All Editors');
    });

    it('Block SSE-C (menu on a bucket) after a confirmation', async () => {
      await wb.contextMenu(bucketRow(), 'Block SSE-C');
      await dialog()
        .filter({ hasText: /Block SSE-C writes to/ })
        .waitFor();
      await dialog().getByRole('button', { name: 'Block SSE-C', exact: true }).click();
      await refusedOrDone(
        /SSE-C writes to .* are now blocked/,
        /refused to block SSE-C .*Nothing was changed/,
      ).waitFor();
      await wb.runCommand('View: Close All Editors');
    });

    it('Unblock SSE-C (menu on a bucket): already allowed, done, or refused in plain words', async () => {
      await wb.contextMenu(bucketRow(), 'Unblock SSE-C');
      const already = wb.toast(/SSE-C writes to .* are already allowed/);
      const confirm = dialog().filter({ hasText: /Allow SSE-C writes to/ });
      await already.or(confirm).first().waitFor();
      if (await confirm.isVisible()) {
        await confirm.getByRole('button', { name: 'Unblock SSE-C', exact: true }).click();
        await refusedOrDone(
          /SSE-C writes to .* are now allowed/,
          /refused to unblock SSE-C .*Nothing was changed/,
        ).waitFor();
      }
      await wb.runCommand('View: Close All Editors');
    });
  });

  describe('the key store', () => {
    it('Generate Key, Import Key…, Rename Key…, Export Key… and Delete Key… from the palette', async () => {
      await wb.runCommand('S3 Encryption Keys: Generate Key');
      await answerPrompts(
        wb,
        [
          { prompt: /^Generate a key/, answer: { pick: /^SSE-C key$/ } },
          { prompt: /^Name for the new SSE-C key/, answer: { type: 'e2e-generated' } },
        ],
        { until: wb.toast(/Generated SSE-C key "e2e-generated"/) },
      );

      const keyFile = join(scratch, 'imported.hex');
      writeFileSync(keyFile, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
      await wb.runCommand('S3 Encryption Keys: Import Key…');
      await answerPrompts(
        wb,
        [
          { prompt: /^Import a key/, answer: { pick: /^CSE AES key$/ } },
          { prompt: /^Import CSE AES key/, answer: { path: keyFile } },
          { prompt: /^Name for the imported CSE AES key/, answer: { type: 'e2e-imported' } },
        ],
        { until: wb.toast(/Imported CSE AES key "e2e-imported"/) },
      );

      await wb.runCommand('S3 Encryption Keys: Rename Key…');
      await answerPrompts(
        wb,
        [
          { prompt: /^Rename which key/, answer: { pick: /^e2e-imported$/ } },
          { prompt: /^New name for "e2e-imported"/, answer: { type: 'e2e-renamed' } },
        ],
        { until: wb.toast('Renamed key "e2e-imported" to "e2e-renamed"') },
      );

      const exported = join(scratch, 'exported.key');
      await wb.runCommand('S3 Encryption Keys: Export Key…');
      await answerPrompts(wb, [{ prompt: /^Export which key/, answer: { pick: /^e2e-renamed$/ } }], {
        until: dialogShown(),
      });
      await dialog().getByRole('button', { name: 'Export', exact: true }).click();
      await answerPrompts(wb, [{ prompt: /^Export e2e-renamed/, answer: { path: exported } }], {
        until: wb.toast(/Exported "e2e-renamed"/),
      });
      assert.equal(Buffer.from(readFileSync(exported, 'utf8').trim(), 'base64').toString('hex'), 'ab'.repeat(32));

      await wb.runCommand('S3 Encryption Keys: Delete Key…');
      await answerPrompts(wb, [{ prompt: /^Delete which key/, answer: { pick: /^e2e-renamed$/ } }], {
        until: dialogShown(),
      });
      await wb.screenshot('81-delete-key-confirm');
      await dialog().getByRole('button', { name: 'Delete', exact: true }).click();
      await wb.toast('Deleted key "e2e-renamed"').waitFor();
    });
  });

  describe('diagnostics', () => {
    it('Scan Workspace for S3 Encryption Problems reports what it found', async () => {
      await wb.runCommand('S3 Encryption: Scan Workspace for S3 Encryption Problems');
      const done = wb.toast(/Scanned \d+ files?: /);
      await done.waitFor();
      assert.match((await done.textContent()) ?? '', /S3 encryption problem/);
      await wb.screenshot('82-scan-workspace-result');
    });

    it('Open S3 Rule Documentation (the quick-fix menu\'s "Learn more")', async () => {
      // A file of its own: an earlier scenario may have fixed storage.ts in this workspace.
      const { env } = await sharedSession();
      writeFileSync(
        join(env.workspace, 'src', 'archive-client.ts'),
        "// @ts-nocheck\nimport { S3Client } from '@aws-sdk/client-s3';\n\n" +
          "export const archive = new S3Client({ endpoint: 'http://s3.eu-west-1.amazonaws.com' });\n",
      );
      await wb.openFile('archive-client.ts');
      const editor = wb.page.locator('.editor-instance .monaco-editor').first();
      // The code actions exist once the finding does: wait for its squiggle before asking for them.
      await editor.locator('.squiggly-warning, .squiggly-error').first().waitFor();
      // The URL's own token (the innermost span), where the finding is.
      const token = editor.locator('.view-line span span', { hasText: /http:\/\/s3\./ }).last();
      await token.click();
      const learn = wb.page
        .locator('.action-widget .monaco-list-row', { hasText: 'Learn more about s3-http-endpoint' })
        .first();
      // Asked in the instant between the diagnostic and its code actions, the editor says "No code actions
      // available"; a person asks again, and so does this test (a few times at most).
      const none = wb.page.locator('.monaco-editor .message', { hasText: 'No code actions available' }).first();
      for (let attempt = 1; ; attempt++) {
        await wb.languageServiceIdle();
        await wb.page.keyboard.press('Control+.');
        await learn.or(none).first().waitFor();
        if (await learn.isVisible()) break;
        if (attempt === 5) throw new Error('the quick-fix menu never offered "Learn more"');
        // The message goes when the cursor moves: to the first line, then back into the URL.
        await wb.page.keyboard.press('Escape');
        await editor.locator('.view-line').first().click();
        await none.waitFor({ state: 'hidden' });
        await token.click();
      }
      invoked.add('command:s3enc.openRuleDocs');
      // The menu lays a pointer block over itself until the pointer moves (so the key press that opened it
      // cannot click an entry): point at the entry first, as a person does, then click it.
      const box = await learn.boundingBox();
      if (box) await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await learn.click();
      await wb.page
        .locator('.tab', { hasText: /s3-http-endpoint/ })
        .first()
        .waitFor();
      // The preview is a webview (an iframe holding an iframe): the page is shown once its heading is.
      await wb.page
        .frameLocator('iframe.webview.ready')
        .frameLocator('iframe#active-frame')
        .locator('h1', { hasText: 's3-http-endpoint' })
        .waitFor();
      await wb.screenshot('83-rule-docs');
      await wb.runCommand('View: Close All Editors');
    });

    it('Clear S3 Encryption Diagnostics empties the Problems panel', async () => {
      await wb.runCommand('S3 Encryption: Clear S3 Encryption Diagnostics');
      const rows = await wb.problems();
      await rows
        .filter({ hasText: /s3-/ })
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      assert.equal(await rows.filter({ hasText: /s3-(http|sse|kms|tls|cse)/ }).count(), 0);
      await wb.screenshot('84-diagnostics-cleared');
    });
  });
});
