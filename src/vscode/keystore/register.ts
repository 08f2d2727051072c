// The key store feature: SecretStorage-backed named keys, offered to transfers as ctx.services.keyStore.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { KeyStore } from './key-store';
import { keyStoreCommands } from './keystore-commands';

declare module '../ctx' {
  interface Services {
    keyStore: KeyStore;
  }
}

export function registerKeyStore(ctx: Ctx): KeyStore {
  const store = new KeyStore(ctx.extension.secrets, ctx.extension.globalState);
  ctx.services.keyStore = store;
  for (const [id, handler] of Object.entries(keyStoreCommands(store))) {
    ctx.command(id, async (arg?: unknown) => {
      try {
        await handler(arg);
      } catch (err) {
        // Error texts come from our typed errors, which never include key material.
        const message = err instanceof Error ? err.message : String(err);
        ctx.log(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(message);
      }
    });
  }
  return store;
}
