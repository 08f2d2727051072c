// Transfers: upload, download, open, change encryption and bucket actions.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { KeyStore } from '../keystore/key-store';
import type { ExplorerServices } from '../services';
import { bucketActionCommands, POLICY_SCHEME } from './bucket-actions-commands';
import { ReadOnlyDocuments } from '../read-only-documents';
import { changeEncryptionCommands } from './change-encryption-command';
import { downloadCommands, OBJECT_SCHEME } from './download-commands';
import { RememberedChoices } from './remembered';
import { makeDeps } from './transfer-deps';
import { uploadCommands } from './upload-commands';

/** Needs the explorer's services and the key store. */
export function registerTransfers(ctx: Ctx, services: ExplorerServices & { keyStore: KeyStore }): void {
  const store = services.keyStore;
  const objects = new ReadOnlyDocuments();
  const policies = new ReadOnlyDocuments();
  ctx.extension.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(OBJECT_SCHEME, objects),
    vscode.workspace.registerTextDocumentContentProvider(POLICY_SCHEME, policies),
  );
  const deps = makeDeps(ctx, services, store, new RememberedChoices(ctx.extension.workspaceState));
  const handlers = {
    ...uploadCommands(deps),
    ...downloadCommands(deps, objects),
    ...changeEncryptionCommands(deps),
    ...bucketActionCommands(deps, policies),
  };
  for (const [id, handler] of Object.entries(handlers)) {
    ctx.command(id, handler);
  }
}
