// A person uploads a workspace file with SSE-C from the command palette, answering the QuickPick steps
// (destination, encryption mode, a new key), and sees the object appear in the tree with the SSE-C badge.
import { join } from 'node:path';
import { CONNECTION_LABEL } from '../../tools/code-server/environment';
import { answerPrompts } from './support/quick-input-flow';
import { openWorkbench, screenshotOnFailure, sharedSession } from './support/session';
import type { Workbench } from './support/workbench';

const FILE = 'quarterly-report.txt';
const KEY_NAME = 'e2e-quarterly-key';

describe('upload: SSE-C from the command palette', function () {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });
  screenshotOnFailure(() => wb);

  it('walks the QuickPick steps and the object appears with the SSE-C badge', async () => {
    const { env, fixtures } = await sharedSession();
    await wb.openViewContainer('S3 Encryption');
    await wb.expand(wb.treeRow(CONNECTION_LABEL));
    await wb.expand(wb.treeRow(fixtures.bucket));

    const uploaded = wb.treeRow(FILE).locator('.label-description', { hasText: /SSE-C/ });
    await wb.runCommand(/S3 Encryption: Upload/);
    await answerPrompts(wb, [
      // VS Code's file dialog in the browser is a quick input holding a path: type the file's path.
      { prompt: /Upload to S3/, answer: { type: join(env.workspace, 'data', FILE) } },
      { prompt: /Upload: connection/, answer: { pick: CONNECTION_LABEL } },
      { prompt: /Upload: bucket/, answer: { pick: fixtures.bucket } },
      { prompt: /Upload: folder/, answer: { pick: /Here: s3:\/\// } },
      { prompt: /Encryption for uploads to/, answer: { pick: /^SSE-C$/ } },
      // Before the key picker's own prompt: its title also mentions the SSE-C key.
      { prompt: /Name for the new SSE-C key/, answer: { type: KEY_NAME } },
      { prompt: /SSE-C key/, answer: { pick: /Generate a new key/ } },
    ], {
      screenshotPrefix: '20-upload-step',
      // Done when the uploaded object shows in the tree with the SSE-C badge (the explorer refreshes).
      until: uploaded,
    });
    await wb.screenshot('21-upload-steps-done');

    await uploaded.waitFor();
    await wb.treeRow(FILE).click();
    await wb.screenshot('22-uploaded-with-sse-c');
  });
});
