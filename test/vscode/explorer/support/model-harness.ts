// Builds an ExplorerModel over real ClientPools (no VS Code), and walks it the way the tree view does.
import { ClientPool } from '../../../../src/core/s3/client-pool';
import type { ConnectionConfig } from '../../../../src/core/s3/connection';
import { ExplorerModel, type ExplorerSettings } from '../../../../src/vscode/explorer/model/explorer-model';
import type { ContainerState } from '../../../../src/vscode/explorer/model/container-state';
import type { BucketNode, ExplorerNode, FolderNode } from '../../../../src/vscode/explorer/model/nodes';
import { presentNode, type NodePresentation } from '../../../../src/vscode/explorer/model/presentation';

export interface Harness {
  model: ExplorerModel;
  pools: Map<string, ClientPool>;
  settings: ExplorerSettings;
  /** Every node id the model reported as changed. */
  changes: (string | undefined)[];
  present(node: ExplorerNode): NodePresentation;
  dispose(): void;
}

export function modelHarness(
  connections: { conn: ConnectionConfig; secret?: string; maxAttempts?: number }[],
  settings: Partial<ExplorerSettings> = {},
): Harness {
  const pools = new Map<string, ClientPool>();
  for (const c of connections)
    pools.set(
      c.conn.id,
      new ClientPool(c.conn, { secretAccessKey: c.secret, maxAttempts: c.maxAttempts ?? 3, connectTimeoutMs: 2000 }),
    );
  const resolved: ExplorerSettings = { pageSize: 200, headObjectConcurrency: 8, classifyObjects: true, ...settings };
  const model = new ExplorerModel(
    {
      getConnections: () => connections.map((c) => c.conn),
      getPool: async (id) => {
        const p = pools.get(id);
        if (!p) throw new Error(`no connection ${id}`);
        return p;
      },
    },
    () => resolved,
  );
  const changes: (string | undefined)[] = [];
  model.onDidChange((n) => changes.push(n?.id));
  return {
    model,
    pools,
    settings: resolved,
    changes,
    present: (node) =>
      presentNode(
        node,
        (n: BucketNode | FolderNode): ContainerState | undefined => model.stateOf(n),
        (n) => model.countsUnder(n),
      ),
    dispose: () => {
      model.dispose();
      for (const p of pools.values()) p.dispose();
    },
  };
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function find<K extends ExplorerNode['kind']>(
  nodes: ExplorerNode[],
  kind: K,
  pred: (n: Extract<ExplorerNode, { kind: K }>) => boolean = () => true,
): Extract<ExplorerNode, { kind: K }> {
  const hit = nodes.find(
    (n): n is Extract<ExplorerNode, { kind: K }> => n.kind === kind && pred(n as Extract<ExplorerNode, { kind: K }>),
  );
  if (!hit) throw new Error(`no ${kind} node among: ${nodes.map((n) => `${n.kind}:${n.id}`).join(', ')}`);
  return hit;
}
