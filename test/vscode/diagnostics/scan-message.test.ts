// "Scan Workspace" ends with a message saying what it did, so a user knows it ran and where to look.
import assert from 'node:assert/strict';
import { scanResultMessage } from '../../../src/vscode/diagnostics/scan-message';

describe('scan workspace result message', () => {
  it('counts files, problems and the files holding them', () => {
    assert.equal(
      scanResultMessage({ files: 8, findings: 6, filesWithFindings: 3, cancelled: false }),
      'Scanned 8 files: 6 S3 encryption problems in 3 files, listed in the Problems panel.',
    );
  });
  it('says so when nothing was found, and when the scan was cancelled', () => {
    assert.equal(
      scanResultMessage({ files: 1, findings: 0, filesWithFindings: 0, cancelled: false }),
      'Scanned 1 file: no S3 encryption problems found.',
    );
    assert.match(
      scanResultMessage({ files: 2, findings: 1, filesWithFindings: 1, cancelled: true }),
      /^Scan cancelled after 2 files: 1 S3 encryption problem in 1 file/,
    );
  });
});
