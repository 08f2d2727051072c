// What every transfer command needs, built once in register.ts.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Ctx } from '../ctx';
import type { ConnectionsService } from '../explorer/connections-service';
import type { ExplorerService } from '../explorer/register';
import type { ExplorerServices } from '../services';
import type { S3NodeRef } from '../explorer/node-ref';
import type { KeyStore } from '../keystore/key-store';
import type { KmsDefaults } from './key-resolver';
import type { RememberedChoices } from './remembered';
import { readTransferSettings, type TransferSettings } from './settings';

export interface TransferDeps {
  ctx: Ctx;
  connections: ConnectionsService;
  explorer: ExplorerService;
  store: KeyStore;
  remembered: RememberedChoices;
  settings(): TransferSettings;
}

export function makeDeps(
  ctx: Ctx,
  explorer: ExplorerServices,
  store: KeyStore,
  remembered: RememberedChoices,
): TransferDeps {
  return {
    ctx,
    connections: explorer.connections,
    explorer: explorer.explorer,
    store,
    remembered,
    settings: readTransferSettings,
  };
}

export async function clientFor(deps: TransferDeps, ref: S3NodeRef): Promise<{ client: S3Client; kms: KmsDefaults }> {
  const client = await deps.connections.getClient(ref.connectionId, ref.region);
  const conn = deps.connections.getConnection(ref.connectionId);
  return {
    client,
    kms: {
      region: ref.region ?? conn?.region,
      endpoint: deps.settings().kmsEndpoint,
      credentials: client.config.credentials,
    },
  };
}
