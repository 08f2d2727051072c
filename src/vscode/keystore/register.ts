// The key store feature: SecretStorage-backed named keys, offered to transfers as ctx.services.keyStore.
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
    ctx.command(id, handler);
  }
  return store;
}
