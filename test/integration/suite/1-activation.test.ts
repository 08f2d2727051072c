// The extension activates in a real VS Code and everything it contributes in package.json is live.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activatedExtension, recordMeasurement } from './helpers';

interface Contributes {
  commands?: { command: string; title: string }[];
  views?: Record<string, { id: string }[]>;
  viewsContainers?: { activitybar?: { id: string }[] };
}

describe('activation and contributions', () => {
  it('activates without error', async () => {
    const ext = await activatedExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
  });

  it('reports how long activation took (bundle load + activate())', async () => {
    const api = (await activatedExtension()).exports as { activationMs?: unknown; activateBodyMs?: unknown };
    assert.equal(typeof api.activationMs, 'number', 'activate() must return activationMs');
    assert.equal(typeof api.activateBodyMs, 'number', 'activate() must return activateBodyMs');
    const total = api.activationMs as number;
    const body = api.activateBodyMs as number;
    assert.ok(body >= 0 && body <= total, `activate() took ${body} ms of ${total} ms: the clock is not read in order`);
    recordMeasurement('activationMs', total);
    recordMeasurement('activateBodyMs', body);
  });

  it('registers a handler for every contributed command', async () => {
    const ext = await activatedExtension();
    const contributed = ((ext.packageJSON as { contributes: Contributes }).contributes.commands ?? []).map(
      (c) => c.command,
    );
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but never registered: ${missing.join(', ')}`);
  });

  it('shows the S3 explorer view in its own activity bar container', async () => {
    const ext = await activatedExtension();
    const contributes = (ext.packageJSON as { contributes: Contributes }).contributes;
    assert.ok(contributes.viewsContainers?.activitybar?.some((c) => c.id === 's3enc'));
    assert.ok(contributes.views?.s3enc?.some((v) => v.id === 's3enc.explorer'));
    // VS Code creates `<view>.focus` only for views it has actually registered in the workbench.
    await vscode.commands.executeCommand('s3enc.explorer.focus');
  });
});
