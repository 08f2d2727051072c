// A person opens the S3 Encryption view, sees the local RGW connection, expands the test bucket and can
// tell every object's encryption apart at a glance (icon + description), with the bucket's summary.
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { CONNECTION_LABEL } from '../../tools/code-server/environment';
import { FIXTURE_KEYS } from './support/seed';
import { openWorkbench, screenshotOnFailure, sharedSession } from './support/session';
import type { Workbench } from './support/workbench';

/** What the description must say for each mode (the names S3 and the AWS docs use). */
const EXPECTED: { key: string; mode: RegExp }[] = [
  // RGW does not report SSE-S3 on HeadObject, so an object without the header is "not reported" there.
  { key: FIXTURE_KEYS.none, mode: /\b(none|not encrypted|unencrypted|not reported)\b/i },
  { key: FIXTURE_KEYS.sseKms, mode: /SSE-KMS/ },
  { key: FIXTURE_KEYS.sseC, mode: /SSE-C\b/ },
  { key: FIXTURE_KEYS.cse, mode: /CSE/ },
];

async function iconOf(row: Locator): Promise<string> {
  const classes = (await row.locator('.custom-view-tree-node-item-icon, .codicon').first().getAttribute('class')) ?? '';
  const icon = classes.split(/\s+/).find((c) => c.startsWith('codicon-') && c !== 'codicon-loading');
  assert.ok(icon, `no codicon on row: ${classes}`);
  return icon;
}

describe('explorer: encryption of every object at a glance', function () {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });
  screenshotOnFailure(() => wb);

  it('shows the local RGW connection in the S3 Encryption view', async () => {
    await wb.openViewContainer('S3 Encryption');
    const connection = wb.treeRow(CONNECTION_LABEL);
    await connection.waitFor();
    await wb.screenshot('01-explorer-connection');
  });

  it('lists the bucket, and expanding it shows distinct icons and descriptions per mode', async () => {
    const { fixtures } = await sharedSession();
    await wb.expand(wb.treeRow(CONNECTION_LABEL));
    const bucket = wb.treeRow(fixtures.bucket);
    await wb.expand(bucket);

    const icons = new Set<string>();
    for (const { key, mode } of EXPECTED) {
      const row = wb.treeRow(key);
      // Objects show "classifying…" until HeadObject answers; wait for the mode, not for a time.
      const description = row.locator('.label-description');
      await description.filter({ hasText: mode }).waitFor();
      icons.add(await iconOf(row));
    }
    assert.equal(
      icons.size,
      EXPECTED.length,
      `expected ${EXPECTED.length} distinct icons, got ${[...icons].join(', ')}`,
    );
    await wb.screenshot('02-explorer-bucket-expanded');
  });

  it("summarises the bucket's objects by mode on the bucket row", async () => {
    const { fixtures } = await sharedSession();
    const summary = wb.treeRow(fixtures.bucket).locator('.label-description');
    for (const m of ['SSE-KMS', 'SSE-C', 'CSE', /none|not reported/]) {
      await summary.filter({ hasText: m }).waitFor();
    }
    // The bucket's hover card spells out default encryption and TLS policy.
    await wb.treeRow(fixtures.bucket).locator('.label-name').hover();
    await wb.page
      .locator('.monaco-hover, .workbench-hover')
      .filter({ hasText: /Default encryption/i })
      .first()
      .waitFor();
    await wb.screenshot('03-explorer-bucket-summary');
  });
});
