// A person uploads a workspace file with SSE-C from the command palette, answering the QuickPick steps
// (destination, encryption mode, a key imported from a file), and sees the object appear in the tree with the
// SSE-C badge. Then the peer proves it: Debian's AWS CLI cannot read the object without the key, and reads
// the same bytes with it.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCli } from '../cli/cp-support';
import { CONNECTION_LABEL } from '../../tools/code-server/environment';
import { answerPrompts } from './support/quick-input-flow';
import { openWorkbench, screenshotOnFailure, sharedSession } from './support/session';
import type { Workbench } from './support/workbench';

const FILE = 'quarterly-report.txt';
const KEY_NAME = 'e2e-quarterly-key';

describe('upload: SSE-C from the command palette', function () {
  let wb: Workbench;
  // The raw test key lives here; removed in `after`, so a failed run leaves no key on disk.
  let keyDir: string | undefined;
  let hexKeyFile: string | undefined;

  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
    if (hexKeyFile) rmSync(hexKeyFile, { force: true });
  });
  screenshotOnFailure(() => wb);

  it('walks the QuickPick steps and the object appears with the SSE-C badge', async () => {
    const { env, fixtures } = await sharedSession();
    await wb.openViewContainer('S3 Encryption');
    await wb.expand(wb.treeRow(CONNECTION_LABEL));
    await wb.expand(wb.treeRow(fixtures.bucket));

    // The key the user imports: raw 32 bytes, as `aws --sse-c-key fileb://` reads it; the key store takes the
    // hex form from a file in the workspace, the way a user would import one.
    keyDir = mkdtempSync(join(tmpdir(), 's3enc-e2e-key-'));
    const key = randomBytes(32);
    const rawKeyFile = join(keyDir, 'ssec.key');
    writeFileSync(rawKeyFile, key);
    hexKeyFile = join(env.workspace, 'data', 'team-ssec.key.hex');
    writeFileSync(hexKeyFile, `${key.toString('hex')}\n`);

    const uploaded = wb.treeRow(FILE).locator('.label-description', { hasText: /SSE-C/ });
    await wb.runCommand(/S3 Encryption: Upload/);
    await answerPrompts(
      wb,
      [
        // VS Code's file dialog in the browser is a quick input holding a path: type the file's path.
        { prompt: /Upload to S3/, answer: { type: join(env.workspace, 'data', FILE) } },
        { prompt: /Upload: connection/, answer: { pick: CONNECTION_LABEL } },
        { prompt: /Upload: bucket/, answer: { pick: fixtures.bucket } },
        { prompt: /Upload: folder/, answer: { pick: /Here: s3:\/\// } },
        { prompt: /Encryption for uploads to/, answer: { pick: /^SSE-C$/ } },
        // Before the key picker's own prompt: these titles also mention the SSE-C key.
        { prompt: /Import SSE-C key/, answer: { type: hexKeyFile } },
        { prompt: /Name for the imported SSE-C key/, answer: { type: KEY_NAME } },
        { prompt: /SSE-C key/, answer: { pick: /Import a key/ } },
      ],
      {
        screenshotPrefix: '20-upload-step',
        // Done when the uploaded object shows in the tree with the SSE-C badge (the explorer refreshes).
        until: uploaded,
      },
    );
    await wb.screenshot('21-upload-steps-done');

    await uploaded.waitFor();
    await wb.treeRow(FILE).click();
    await wb.screenshot('22-uploaded-with-sse-c');

    // The key store holds the key, so the tree names it (S3 accepted it on HeadObject).
    await wb.treeRow(FILE).locator('.label-description', { hasText: KEY_NAME }).waitFor();

    const s3Uri = `s3://${fixtures.bucket}/${FILE}`;
    const withoutKey = await awsCli(['s3', 'cp', s3Uri, join(keyDir, 'no-key.txt')]);
    assert.notEqual(
      withoutKey.code,
      0,
      'the AWS CLI read the object without the SSE-C key: it was not stored with SSE-C',
    );
    const out = join(keyDir, 'by-aws.txt');
    const withKey = await awsCli(['s3', 'cp', s3Uri, out, '--sse-c', 'AES256', '--sse-c-key', `fileb://${rawKeyFile}`]);
    assert.equal(withKey.code, 0, withKey.stderr);
    assert.ok(
      readFileSync(out).equals(readFileSync(join(env.workspace, 'data', FILE))),
      'the AWS CLI read different bytes',
    );
  });
});
