// Folders the end-to-end suite reads and writes.
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
/** Screenshots of every step; gitignored. */
export const artifactsDir = join(repoRoot, 'artifacts', 'e2e');
export const vsixPath = join(repoRoot, 'dist', 's3-encryption-explorer.vsix');
