// Root hooks for the e2e phase (.mocharc.e2e.json requires this file): screenshots start from an empty
// folder, and whatever the scenarios started is stopped once at the end, pass or fail.
import { rmSync } from 'node:fs';
import { artifactsDir } from './paths';
import { stopAll } from './session';

export const mochaHooks = {
  beforeAll(): void {
    rmSync(artifactsDir, { recursive: true, force: true });
  },
  async afterAll(): Promise<void> {
    await stopAll();
  },
};
