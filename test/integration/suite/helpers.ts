// Small helpers for tests running inside the extension host.
import * as vscode from 'vscode';

export const EXTENSION_ID = 's3enc.s3-encryption-explorer';

export async function activatedExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded: start VS Code with --extensionDevelopmentPath=<repo>`);
  await ext.activate();
  return ext;
}

/** Resolves once `check` returns a value, polling on VS Code events rather than a fixed delay. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The first workspace folder (the fixture workspace). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: start VS Code with the fixture workspace');
  return folder.uri;
}

/** Records a number for the run's report (see index.ts); the e2e phase prints it. */
export function recordMeasurement(name: string, value: number): void {
  const store = (globalThis as Record<string, unknown>).__s3encIntegrationMeasurements as
    Record<string, number> | undefined;
  if (store) store[name] = value;
}
