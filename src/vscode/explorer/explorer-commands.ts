// Explorer commands that act on tree nodes: refresh, filter, load more, retry, copy URI, legend.
import * as vscode from 'vscode';
import type { ExplorerModel } from './model/explorer-model';
import { LEGEND_VIEW_ID } from './legend-view';
import type { BucketNode, ExplorerNode, FolderNode } from './model/nodes';
import { s3NodeRefFrom, s3Uri } from './node-ref';

function asNode(arg: unknown): ExplorerNode | undefined {
  const kind = (arg as { kind?: unknown } | undefined)?.kind;
  return typeof kind === 'string' ? (arg as ExplorerNode) : undefined;
}

function asListable(arg: unknown): BucketNode | FolderNode | undefined {
  const node = asNode(arg);
  return node && (node.kind === 'bucket' || node.kind === 'folder') ? node : undefined;
}

export function explorerCommands(model: ExplorerModel): Record<string, (arg?: unknown) => unknown> {
  return {
    's3enc.refresh': (arg) => model.refresh(asNode(arg)),
    's3enc.loadMore': async (arg) => {
      const node = asNode(arg);
      if (node?.kind === 'loadMore') await model.loadMore(node.container);
    },
    's3enc.retry': async (arg) => {
      const node = asNode(arg);
      if (node?.kind !== 'message' || !node.retry) return;
      const state = model.stateOf(node.retry);
      // A failed "Load more" keeps the loaded pages and asks for the next one again.
      if (state.items.length > 0 && state.nextToken) await model.loadMore(node.retry);
      else model.refresh(node.retry);
    },
    's3enc.filterPrefix': async (arg) => {
      const node = asListable(arg);
      if (!node) return;
      const base = node.kind === 'folder' ? node.prefix : '';
      const filter = await vscode.window.showInputBox({
        title: `Filter s3://${node.bucket}/${base}`,
        prompt: 'Show only keys that start with this text (after the folder). Empty clears the filter.',
        value: model.stateOf(node).filter ?? '',
      });
      if (filter !== undefined) model.setFilter(node, filter);
    },
    's3enc.clearFilter': (arg) => {
      const node = asListable(arg);
      if (node) model.setFilter(node, '');
    },
    's3enc.copyS3Uri': async (arg) => {
      const ref = s3NodeRefFrom(arg);
      if (!ref) return;
      const uri = s3Uri(ref);
      await vscode.env.clipboard.writeText(uri);
      vscode.window.setStatusBarMessage(`Copied ${uri}`, 3000);
    },
    // A view, not a document: nothing to save, and the icons are the tree's own.
    's3enc.showLegend': () => vscode.commands.executeCommand(`${LEGEND_VIEW_ID}.focus`),
  };
}
