// What every transfer command needs, built once in register.ts.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Ctx } from '../ctx';
import type { ConnectionsService } from '../explorer/connections-service';
import type { S3NodeRef } from '../explorer/node-ref';
import type { KeyStore } from '../keystore/key-store';
import type { KmsDefaults } from './key-resolver';
import type { RememberedChoices } from './remembered';
import { readTransferSettings, type TransferSettings } from './settings';

export interface TransferDeps {
  ctx: Ctx;
  connections: ConnectionsService;
  store: KeyStore;
  remembered: RememberedChoices;
  settings(): TransferSettings;
}

export function makeDeps(ctx: Ctx, store: KeyStore, remembered: RememberedChoices): TransferDeps {
  const connections = ctx.services.connections;
  if (!connections) throw new Error('The explorer must register before transfers (ctx.services.connections is missing).');
  return { ctx, connections, store, remembered, settings: readTransferSettings };
}

export async function clientFor(deps: TransferDeps, ref: S3NodeRef): Promise<{ client: S3Client; kms: KmsDefaults }> {
  const client = await deps.connections.getClient(ref.connectionId, ref.region);
  const conn = deps.connections.getConnection(ref.connectionId);
  return { client, kms: { region: ref.region ?? conn?.region, endpoint: deps.settings().kmsEndpoint, credentials: client.config.credentials } };
}
