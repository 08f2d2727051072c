// Wires S3 Batch Operations: the job tracker (rows under buckets in the explorer) and its commands.
import * as vscode from 'vscode';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import { createS3ControlClient } from '../../core/batch/control-client';
import type { Ctx } from '../ctx';
import type { ExplorerServices } from '../services';
import { ReadOnlyDocuments } from '../read-only-documents';
import { batchCommands, REPORT_SCHEME } from './batch-commands';
import { JobTracker } from './job-tracker';

function batchSettings(): { controlEndpoint?: string; pollSeconds: number } {
  const c = vscode.workspace.getConfiguration('s3enc.batch');
  return {
    controlEndpoint: c.get<string>('controlEndpoint')?.trim() || undefined,
    pollSeconds: Math.max(1, c.get<number>('pollSeconds') ?? 5),
  };
}

/** Needs the explorer's services: S3 clients per connection, and the job rows under buckets. */
export function registerBatch(ctx: Ctx, { connections, explorer }: ExplorerServices): void {
  const clients = new Map<string, S3ControlClient>();
  const controlFor = async (connectionId: string): Promise<S3ControlClient> => {
    const endpoint = batchSettings().controlEndpoint;
    const cacheKey = `${connectionId} ${endpoint ?? ''}`;
    const known = clients.get(cacheKey);
    if (known) return known;
    const conn = connections.getConnection(connectionId);
    if (!conn) throw new Error(`The connection ${connectionId} no longer exists.`);
    const s3 = await connections.getClient(connectionId);
    const client = createS3ControlClient(conn, { endpoint, credentials: s3.config.credentials });
    clients.set(cacheKey, client);
    return client;
  };
  const tracker = new JobTracker(
    ctx.extension.workspaceState,
    controlFor,
    (node, connectionId, bucket) => explorer.jobsChanged(connectionId, bucket, node),
    () => batchSettings().pollSeconds * 1000,
  );
  explorer.setJobSource((bucket) => tracker.jobsUnder(bucket));
  ctx.extension.subscriptions.push(tracker, { dispose: () => clients.forEach((c) => c.destroy()) });
  const reports = new ReadOnlyDocuments();
  ctx.extension.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports));
  for (const [id, handler] of Object.entries(batchCommands({ ctx, connections, tracker, controlFor, reports })))
    ctx.command(id, handler);
}
