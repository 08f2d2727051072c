// Typed getters for the explorer's settings (package.json contributes.configuration).
import * as vscode from 'vscode';
import { clampPageSize } from '../../core/s3/listing';
import type { ExplorerSettings } from './model/explorer-model';

export function readExplorerSettings(): ExplorerSettings {
  const c = vscode.workspace.getConfiguration('s3enc.explorer');
  const concurrency = c.get<number>('headObjectConcurrency', 8);
  return {
    pageSize: clampPageSize(c.get<number>('pageSize', 200)),
    headObjectConcurrency: Number.isFinite(concurrency) && concurrency >= 1 ? Math.min(64, Math.floor(concurrency)) : 8,
    classifyObjects: c.get<boolean>('classifyObjects', true),
    useInventory: c.get<boolean>('useInventory', true),
    probeEndpoint: c.get<boolean>('probeEndpoint', true),
  };
}
