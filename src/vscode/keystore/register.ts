// The key store feature: SecretStorage-backed named keys, returned to transfers (and activate()'s services).
import type { Ctx } from '../ctx';
import { KeyStore } from './key-store';
import { keyStoreCommands } from './keystore-commands';

export function registerKeyStore(ctx: Ctx): KeyStore {
  const store = new KeyStore(ctx.extension.secrets, ctx.extension.globalState);
  for (const [id, handler] of Object.entries(keyStoreCommands(store))) {
    ctx.command(id, handler);
  }
  return store;
}
