// A menu entry chosen while VS Code re-reads the tree reaches its command with an empty first argument. The
// command then acts on the selected row it is offered on, only after the tree settled, or tells the user.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RowFallback, viewItemTest } from '../../../src/vscode/explorer/row-fallback';

type Contributes = ConstructorParameters<typeof RowFallback>[0];
import type { ExplorerNode } from '../../../src/vscode/explorer/model/nodes';

const contributes = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: Contributes }
).contributes;

const object = { kind: 'object', id: 'o/c/b/a.txt', connectionId: 'c', bucket: 'b', key: 'a.txt' } as ExplorerNode;
const bucket = { kind: 'bucket', id: 'b/c/b', connectionId: 'c', bucket: 'b' } as ExplorerNode;
const contextValues = new Map<ExplorerNode, string>([
  [object, 's3enc.object.sse-kms'],
  [bucket, 's3enc.bucket'],
]);

function fallback(selection: ExplorerNode[], settled = Promise.resolve(), maxWaitMs?: number) {
  const warnings: string[] = [];
  const order: string[] = [];
  let select: ((e: { selection: readonly ExplorerNode[] }) => void) | undefined;
  const view = {
    get selection() {
      order.push('selection read');
      return selection;
    },
    onDidChangeSelection: (listener: (e: { selection: readonly ExplorerNode[] }) => void) => {
      select = listener;
      return { dispose: () => (select = undefined) };
    },
  };
  const rows = {
    settled: () => settled.then(() => void order.push('settled')),
    contextValueOf: (n: ExplorerNode) => contextValues.get(n)!,
  };
  const f = new RowFallback(contributes, 's3enc.explorer', view, rows, (m) => warnings.push(m), maxWaitMs);
  return { f, warnings, order, select: (nodes: ExplorerNode[]) => select?.({ selection: nodes }) };
}

describe('explorer: a menu entry that reached its command without its row', () => {
  it('reads the when clauses of package.json: exact and pattern tests on viewItem', () => {
    assert.equal(viewItemTest('view == s3enc.explorer && viewItem == s3enc.bucket')('s3enc.bucket'), true);
    assert.equal(viewItemTest('view == s3enc.explorer && viewItem == s3enc.bucket')('s3enc.bucketx'), false);
    const download = viewItemTest('view == s3enc.explorer && viewItem =~ /^s3enc\\.(folder|object\\..*)$/');
    assert.equal(download('s3enc.object.none'), true);
    assert.equal(download('s3enc.bucket'), false);
  });

  it('acts on the selected row, read only once the tree has settled', async () => {
    const { f, order } = fallback([object]);
    assert.deepEqual(await f.argumentsFor('s3enc.transfers.download', [undefined, undefined]), [object, undefined]);
    assert.deepEqual(order, ['settled', 'selection read']);
  });

  it('does not act on a selected row the entry is not offered on, and says so', async () => {
    const { f, warnings } = fallback([bucket]);
    assert.equal(await f.argumentsFor('s3enc.transfers.download', [undefined]), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /"Download…" did not get its row: .* Select the row and choose "Download…" again/);
  });

  it('with nothing selected, the user is told instead of nothing happening', async () => {
    const { f, warnings } = fallback([]);
    assert.equal(await f.argumentsFor('s3enc.batch.reencrypt', [undefined]), undefined);
    assert.match(warnings[0], /Re-encrypt with S3 Batch Operations/);
  });

  it('leaves palette runs (no argument), rows that arrived, and view-title entries alone', async () => {
    const { f, order } = fallback([bucket]);
    assert.deepEqual(await f.argumentsFor('s3enc.transfers.upload', []), []);
    assert.deepEqual(await f.argumentsFor('s3enc.transfers.upload', [object]), [object]);
    // Refresh is also a view-title button, where no row is passed: it refreshes everything.
    assert.deepEqual(await f.argumentsFor('s3enc.refresh', [undefined]), [undefined]);
    assert.deepEqual(await f.argumentsFor('s3enc.keys.generate', [undefined]), [undefined]);
    assert.deepEqual(order, []);
  });

  it('a tree that keeps redrawing does not hold the command back unseen: it acts after the longest wait', async () => {
    const never = new Promise<void>(() => undefined);
    const { f, warnings } = fallback([object], never, 50);
    const started = Date.now();
    assert.deepEqual(await f.argumentsFor('s3enc.transfers.download', [undefined]), [object]);
    assert.ok(Date.now() - started < 5_000, 'waited for a tree that never settles');
    assert.equal(warnings.length, 0);
  });

  it('while VS Code cannot map the selection, the rows it last reported selected are used', async () => {
    const { f, select, warnings } = fallback([]);
    select([object]);
    assert.deepEqual(await f.argumentsFor('s3enc.transfers.download', [undefined]), [object]);
    f.dispose();
    select([bucket]);
    assert.deepEqual(await f.argumentsFor('s3enc.transfers.download', [undefined]), [object]);
    assert.equal(warnings.length, 0);
  });
});
