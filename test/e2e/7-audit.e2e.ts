// A person audits a bucket from the tree: right-click the bucket → "Audit Encryption…". First a live scan
// (HeadObject per object), then an S3 Inventory report (CSV, in AWS's format, written into RGW by this test)
// named by its s3:// URL. The report view shows the share per status, the prefix breakdown and the trend of the
// two audits, with numbers computed here from the generated rows; a prefix link shows that prefix in the tree,
// and the bucket row shows the last audit's summary. The report screenshot goes to docs/screenshots.
import { strict as assert } from 'node:assert';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { CONNECTION_LABEL } from '../../tools/code-server/environment';
import { syntheticRows } from '../../tools/inventory/synthetic-rows';
import { deleteBucketCompletely, liveS3Client, uniqueBucketName } from '../../tools/live/s3-test-bucket';
import { expectedAudit } from '../core/audit/support/expected-audit';
import { publishReport } from '../core/audit/support/publish-report';
import { repoRoot } from './support/paths';
import { answerPrompts } from './support/quick-input-flow';
import { openWorkbench, screenshotOnFailure, sharedSession } from './support/session';
import type { Workbench } from './support/workbench';

describe('audit: the encryption report of a whole bucket', function () {
  let wb: Workbench;
  const dest = uniqueBucketName('e2e-audit-dest');
  let manifestUrl: string;
  let rows: ReturnType<typeof syntheticRows> extends Generator<infer R> ? R[] : never;

  before(async () => {
    const { live, fixtures } = await sharedSession();
    const client = liveS3Client(live);
    try {
      await client.send(new CreateBucketCommand({ Bucket: dest }));
      rows = [...syntheticRows(4000, 42, fixtures.bucket)];
      manifestUrl = (
        await publishReport(client, {
          destBucket: dest,
          destPrefix: 'inventory',
          sourceBucket: fixtures.bucket,
          configId: 'daily',
          date: '2026-11-29T01-00Z',
          format: 'CSV',
          files: [rows.slice(0, 2500), rows.slice(2500)],
        })
      ).manifestUrl;
    } finally {
      client.destroy();
    }
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
    const { live } = await sharedSession();
    const client = liveS3Client(live);
    await deleteBucketCompletely(client, dest).finally(() => client.destroy());
  });
  screenshotOnFailure(() => wb);

  async function auditFromMenu(answers: Parameters<typeof answerPrompts>[1]): Promise<void> {
    const { fixtures } = await sharedSession();
    // Through the recording helper: it hovers then presses Enter, as VS Code ignores a click that lands right
    // after the menu opened.
    await wb.contextMenu(wb.treeRow(fixtures.bucket), 'Audit Encryption…');
    // The flow ends when the report view's tab shows.
    await answerPrompts(wb, answers, {
      until: wb.page.locator('.tab', { hasText: `Audit: ${fixtures.bucket}` }),
      screenshotPrefix: '6x-audit-step',
    });
  }

  /** The report page inside the webview's two iframes. */
  function report(): FrameLocator {
    return wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  it('a live scan of the bucket opens the report view', async () => {
    const { fixtures } = await sharedSession();
    await wb.openViewContainer('S3 Encryption');
    await wb.expand(wb.treeRow(CONNECTION_LABEL));
    await wb.treeRow(fixtures.bucket).waitFor();
    await auditFromMenu([{ prompt: /^Audit encryption of s3:\/\//, answer: { pick: /^Scan Live/ } }]);
    await report()
      .locator('h1', { hasText: `s3://${fixtures.bucket}` })
      .waitFor({ timeout: 60_000 });
    await report()
      .locator('p', { hasText: /live scan/ })
      .waitFor();
    await wb.screenshot('60-audit-scan-report');
    await wb.runCommand('View: Close All Editors');
  });

  it('an inventory report shows exact counts, the prefix breakdown and the trend of both audits', async () => {
    const { fixtures } = await sharedSession();
    await auditFromMenu([
      { prompt: /^Audit encryption of s3:\/\//, answer: { pick: /Inventory report at an s3:\/\/ URL/ } },
      { prompt: /s3:\/\/ URL of the report's manifest\.json/, answer: { type: manifestUrl } },
    ]);
    const e = expectedAudit(rows);
    const page = report();
    await page.locator('p', { hasText: /S3 Inventory of 2026-11-29/ }).waitFor({ timeout: 60_000 });
    await page.locator('p', { hasText: `${e.objects.toLocaleString('en-US')} objects` }).waitFor();
    await page
      .locator('.callout.danger', {
        hasText: `${e.byEncryption['NOT-SSE'].objects.toLocaleString('en-US')} NOT-SSE objects`,
      })
      .waitFor();
    await page
      .locator('.callout.warning', {
        hasText: `${e.byEncryption['SSE-C'].objects.toLocaleString('en-US')} SSE-C objects`,
      })
      .waitFor();
    for (const status of ['SSE-S3', 'SSE-KMS', 'DSSE-KMS']) {
      await page
        .locator('.status-table tr', { hasText: status })
        .locator('td.num')
        .first()
        .filter({ hasText: e.byEncryption[status].objects.toLocaleString('en-US') })
        .waitFor();
    }
    // Three charts drawn: share, prefixes, trend (two audits).
    for (const id of ['share-chart', 'prefix-chart', 'trend-chart']) await page.locator(`canvas#${id}`).waitFor();
    assert.equal(await page.locator('.prefix-table tbody tr').count(), Math.min(25, e.prefixes.size));
    await wb.screenshot('61-audit-inventory-report');
    await wb.page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'audit-report.png') });
    // The bucket row shows the last audit's summary.
    await wb
      .treeRow(fixtures.bucket)
      .locator('.label-description', { hasText: /audit 2026-11-29: \d+% NOT-SSE/ })
      .waitFor();
  });

  it('a prefix link shows that prefix in the tree', async () => {
    const { fixtures } = await sharedSession();
    await report().locator('.prefix-table a', { hasText: 'logs/' }).click();
    await wb.treeRow(fixtures.bucket).locator('.label-description', { hasText: 'filter "logs/"' }).waitFor();
    await wb.screenshot('62-audit-open-prefix');
  });
});
