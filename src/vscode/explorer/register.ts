// Wires the explorer: the connections service, the model, the tree view and its commands. It returns the
// services other features use (connections, explorer refresh).
import * as vscode from 'vscode';
import type { SseReporting } from '../../core/s3/endpoint-probe';
import type { Ctx } from '../ctx';
import { connectionCommands } from './connection-commands';
import type { KeyStore } from '../keystore/key-store';
import type { ExplorerServices } from '../services';
import { SettingsConnectionsService } from './connections-service';
import { explorerCommands } from './explorer-commands';
import { LEGEND_VIEW_ID, LegendTreeProvider } from './legend-view';
import { ExplorerModel } from './model/explorer-model';
import { bucketNodeId, folderNodeId, type BucketNode, type ExplorerNode, type JobNode } from './model/nodes';
import type { S3NodeRef } from './node-ref';
import { RowFallback } from './row-fallback';
import { readExplorerSettings } from './settings';
import { ExplorerTreeProvider } from './tree-provider';

const EXPLORER_VIEW_ID = 's3enc.explorer';

/** What other features may call on the explorer. */
export interface ExplorerService {
  /** Reloads the subtree at `ref` (its folder, or the bucket), or everything when undefined. */
  refresh(ref?: S3NodeRef): void;
  /** The tree's data provider, as VS Code sees it (read by the extension-host integration tests). */
  readonly tree: vscode.TreeDataProvider<ExplorerNode>;
  /** Batch Operations job rows under buckets (the batch feature owns them). */
  setJobSource(source: (bucket: BucketNode) => JobNode[]): void;
  jobsChanged(connectionId: string, bucket: string, job?: JobNode): void;
  /** Shows a bucket filtered to a prefix, expanded (e.g. from the audit report). */
  showPrefix(connectionId: string, bucket: string, prefix: string): Promise<void>;
  /** Adds a line of text to bucket nodes (e.g. the last audit's summary). */
  annotateBuckets(note: (connectionId: string, bucket: string) => string | undefined): void;
  /** Whether the endpoint reports SSE on HeadObject (probed once per endpoint; see core/s3/endpoint-probe). */
  sseReportingOf(connectionId: string, bucket: string): Promise<SseReporting | undefined>;
}

/** Needs the key store (SSE-C objects are classified with its keys); returns the services other features use. */
export function registerExplorer(ctx: Ctx, needs: { keyStore: KeyStore }): ExplorerServices {
  const connections = new SettingsConnectionsService(ctx.extension.secrets, ctx.log);
  const model = new ExplorerModel(
    {
      getConnections: () => connections.getConnections(),
      getPool: (id) => connections.getPool(id),
      sseCKeys: async () => {
        const store = needs.keyStore;
        const keys = await Promise.all(
          store.list('sse-c').map(async (e) => ({ name: e.name, material: await store.material(e.name) })),
        );
        return keys.filter((k): k is { name: string; material: Buffer } => k.material !== undefined);
      },
    },
    readExplorerSettings,
  );
  const provider = new ExplorerTreeProvider(model);
  const view = vscode.window.createTreeView(EXPLORER_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const legend = vscode.window.createTreeView(LEGEND_VIEW_ID, { treeDataProvider: new LegendTreeProvider() });
  const rowFallback = new RowFallback(
    (ctx.extension.extension.packageJSON as { contributes?: ConstructorParameters<typeof RowFallback>[0] })
      .contributes ?? {},
    EXPLORER_VIEW_ID,
    view,
    provider,
    (message) => void vscode.window.showWarningMessage(message),
  );
  ctx.rowFallback = rowFallback;
  ctx.extension.subscriptions.push(connections, provider, view, legend, rowFallback, {
    dispose: () => model.dispose(),
  });
  ctx.extension.subscriptions.push(connections.onDidChange(() => model.refresh()));
  ctx.extension.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('s3enc.explorer')) model.refresh();
    }),
  );

  const explorer: ExplorerService = {
    tree: provider,
    setJobSource: (source) => model.setJobSource(source),
    jobsChanged: (connectionId, bucket, job) => model.jobsChanged(connectionId, bucket, job),
    async showPrefix(connectionId, bucket, prefix) {
      const node = model.findContainer(bucketNodeId(connectionId, bucket));
      if (!node || node.kind !== 'bucket') return;
      model.setFilter(node, prefix);
      await view.reveal(node, { expand: true, focus: true, select: true });
    },
    sseReportingOf: (connectionId, bucket) => model.sseReportingOf(connectionId, bucket),
    annotateBuckets(note) {
      provider.bucketNote = note;
      model.refresh();
    },
    refresh(ref) {
      if (!ref) return model.refresh();
      // Refresh the deepest loaded container holding the change: its folder, else a loaded parent, else the bucket.
      const prefix = ref.prefix ?? (ref.key?.includes('/') ? ref.key.slice(0, ref.key.lastIndexOf('/') + 1) : '');
      const parts = prefix.split('/').filter(Boolean);
      for (let n = parts.length; n > 0; n--) {
        const folder = model.findContainer(
          folderNodeId(ref.connectionId, ref.bucket, `${parts.slice(0, n).join('/')}/`),
        );
        if (folder) return model.refresh(folder);
      }
      const bucket = model.findContainer(bucketNodeId(ref.connectionId, ref.bucket));
      if (bucket) model.refresh(bucket);
    },
  };

  for (const [id, handler] of Object.entries({ ...connectionCommands(connections), ...explorerCommands(model) })) {
    ctx.command(id, handler);
  }
  return { connections, explorer };
}
