// Activation only wires things together: one context object, then each feature registers itself.
import { bundleLoadStarted } from './load-clock';
import * as vscode from 'vscode';
import { createContext } from './ctx';
import { registerExplorer } from './explorer/register';
import { registerTransfers } from './transfers/register';
import { cancelAllTransfers } from './transfers/progress-notification';
import { registerDiagnostics } from './diagnostics/register';
import { registerBatch } from './batch/register';
import { registerAudit } from './audit/register';
import { registerKeyStore } from './keystore/register';
import type { Services } from './services';

/** What activate() returns: the shared services, so extension-host integration tests can inspect them. */
export interface ExtensionApi {
  services: Services;
  /** Milliseconds from the first line of the bundle being evaluated to the end of activate(). */
  activationMs: number;
  /** The part of it spent in activate() itself. */
  activateBodyMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = Date.now();
  const ctx = createContext(context);
  // Each feature gets what it needs from those registered before it, typed: the order is checked by the compiler.
  const keyStore = registerKeyStore(ctx);
  const explorer = registerExplorer(ctx, { keyStore });
  registerTransfers(ctx, { ...explorer, keyStore });
  registerBatch(ctx, explorer);
  const diagnostics = registerDiagnostics(ctx);
  registerAudit(ctx, explorer);
  const services: Services = { ...explorer, keyStore, diagnostics };
  const done = Date.now();
  ctx.log(`activated in ${done - bundleLoadStarted} ms (activate() ${done - started} ms)`);
  return { services, activationMs: done - bundleLoadStarted, activateBodyMs: done - started };
}

export async function deactivate(): Promise<void> {
  // Disposables registered on the context are disposed by VS Code. Transfers in flight are cancelled, and
  // VS Code waits for this promise: each aborts its multipart upload and removes its temp file first.
  const cleaned = await cancelAllTransfers();
  if (cleaned.length)
    console.log(`S3 Encryption Explorer: stopped transfers on deactivate; cleaned up: ${cleaned.join('; ')}`);
}
