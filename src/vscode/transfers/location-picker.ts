// Palette flow: connection → bucket → prefix, each step preselecting the last choice.
import * as vscode from 'vscode';
import { ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ConnectionsService } from '../explorer/connections-service';
import type { S3NodeRef } from '../explorer/node-ref';
import type { RememberedChoices } from './remembered';

export async function pickS3Location(
  connections: ConnectionsService,
  remembered: RememberedChoices,
  title: string,
): Promise<S3NodeRef | undefined> {
  const last = remembered.lastLocation();
  const conns = connections.getConnections();
  if (!conns.length) {
    void vscode.window.showInformationMessage('Add a connection in the S3 Encryption view first.');
    return undefined;
  }
  const connItems = conns.map((c) => ({ label: c.label, description: c.endpoint ?? c.region, id: c.id }));
  connItems.sort((a, b) => Number(b.id === last?.connectionId) - Number(a.id === last?.connectionId));
  const conn =
    connItems.length === 1
      ? connItems[0]
      : await vscode.window.showQuickPick(connItems, { title: `${title}: connection` });
  if (!conn) return undefined;
  const client = await connections.getClient(conn.id);
  const buckets = (await client.send(new ListBucketsCommand({}))).Buckets ?? [];
  const bucketItems = buckets.map((b) => ({ label: b.Name ?? '' }));
  bucketItems.sort((a, b) => Number(b.label === last?.bucket) - Number(a.label === last?.bucket));
  const bucket = await vscode.window.showQuickPick(bucketItems, { title: `${title}: bucket` });
  if (!bucket) return undefined;
  const prefix = await pickPrefix(client, bucket.label, last?.bucket === bucket.label ? last.prefix : '', title);
  if (prefix === undefined) return undefined;
  await remembered.rememberLocation({ connectionId: conn.id, bucket: bucket.label, prefix });
  return { connectionId: conn.id, bucket: bucket.label, prefix };
}

/** Walks folders one level at a time; "Here" picks the current one. */
async function pickPrefix(
  client: import('@aws-sdk/client-s3').S3Client,
  bucket: string,
  start: string,
  title: string,
): Promise<string | undefined> {
  let prefix = start;
  for (;;) {
    const out = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', MaxKeys: 1000 }),
    );
    const items = [
      { label: `$(check) Here: s3://${bucket}/${prefix}`, value: prefix, done: true },
      ...(prefix ? [{ label: '$(arrow-up) ..', value: prefix.replace(/[^/]+\/$/, ''), done: false }] : []),
      ...(out.CommonPrefixes ?? []).map((p) => ({
        label: `$(folder) ${p.Prefix?.slice(prefix.length)}`,
        value: p.Prefix ?? '',
        done: false,
      })),
      { label: '$(new-folder) New folder…', value: '', done: false, create: true },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `${title}: folder` });
    if (!pick) return undefined;
    if ('create' in pick) {
      const name = await vscode.window.showInputBox({
        title: 'Folder name',
        validateInput: (v) => (v.trim() && !v.includes('//') ? undefined : 'Enter a name'),
      });
      if (name) return `${prefix}${name.replace(/^\/+|\/+$/g, '')}/`;
      continue;
    }
    if (pick.done) return pick.value;
    prefix = pick.value;
  }
}
