// The running extension's tree, read through the TreeDataProvider VS Code itself calls: populated from the
// live RGW, with the right mode (contextValue, description, icon) on every seeded object.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FIXTURE_BUCKET_VAR, FIXTURE_KEYS } from '../../e2e/support/fixture-keys';
import { activatedExtension, waitFor } from './helpers';

/** The part of the extension's API (activate()'s return value) this test reads. */
interface Api {
  services: { explorer?: { tree: vscode.TreeDataProvider<unknown> } };
}

async function explorerTree(): Promise<vscode.TreeDataProvider<unknown>> {
  const api = (await activatedExtension()).exports as Api | undefined;
  const tree = api?.services.explorer?.tree;
  if (!tree)
    throw new Error('activate() must return { services } with services.explorer.tree (the explorer TreeDataProvider)');
  return tree;
}

async function item(tree: vscode.TreeDataProvider<unknown>, node: unknown): Promise<vscode.TreeItem> {
  return tree.getTreeItem(node);
}

function labelOf(t: vscode.TreeItem): string {
  return typeof t.label === 'string' ? t.label : (t.label?.label ?? '');
}

async function childNamed(tree: vscode.TreeDataProvider<unknown>, parent: unknown, label: string): Promise<unknown> {
  const children = (await tree.getChildren(parent)) ?? [];
  for (const c of children) if (labelOf(await item(tree, c)) === label) return c;
  const seen = await Promise.all(children.map(async (c) => labelOf(await item(tree, c))));
  throw new Error(`no "${label}" under the node; children: ${seen.join(', ')}`);
}

describe('explorer tree from the live RGW', () => {
  const bucketName = process.env[FIXTURE_BUCKET_VAR];

  it('lists the configured connection, its buckets and the seeded objects with their encryption', async function () {
    this.timeout(90_000);
    assert.ok(
      bucketName,
      `${FIXTURE_BUCKET_VAR} is not set: run this suite through the e2e phase (it seeds the bucket)`,
    );
    const tree = await explorerTree();
    const roots = (await tree.getChildren()) ?? [];
    assert.ok(roots.length > 0, 'the tree has no root: is s3enc.connections set?');
    const connection = roots[0];
    const bucket = await childNamed(tree, connection, bucketName);
    const objects = new Map<string, unknown>();
    for (const key of Object.values(FIXTURE_KEYS)) objects.set(key, await childNamed(tree, bucket, key));

    const expected: [string, RegExp, RegExp][] = [
      // RGW does not report SSE-S3 on HeadObject: once the endpoint probe says so, "none" becomes "not reported".
      [FIXTURE_KEYS.none, /^s3enc\.object\.(none|not-reported)$/, /none|not encrypted|unencrypted|not reported/i],
      [FIXTURE_KEYS.sseKms, /^s3enc\.object\.sse-kms$/, /SSE-KMS/],
      [FIXTURE_KEYS.sseC, /^s3enc\.object\.sse-c$/, /SSE-C/],
      [FIXTURE_KEYS.cse, /^s3enc\.object\.cse-v[23]$/, /CSE-V[23]/],
    ];
    const icons = new Set<string>();
    for (const [key, context, description] of expected) {
      // Classification (HeadObject) runs after the listing; wait until the row has its mode.
      const t = await waitFor(`${key} to be classified`, async () => {
        const ti = await item(tree, objects.get(key));
        return context.test(ti.contextValue ?? '') ? ti : undefined;
      });
      assert.match(String(t.description ?? ''), description, `${key} description`);
      assert.ok(t.iconPath instanceof vscode.ThemeIcon, `${key} has no theme icon`);
      icons.add(t.iconPath.id);
    }
    assert.equal(icons.size, expected.length, `modes share icons: ${[...icons].join(', ')}`);
  });
});
