// What is loaded under one connection, bucket or folder: the pages so far, the continuation token, the
// last fault and the prefix filter. `childrenOf` turns it into the rows the tree shows.
import type { S3Fault } from '../../../core/s3/faults';
import type { EncryptionMode } from '../../../core/s3/object-encryption';
import type { ContainerNode, ExplorerNode, MessageNode } from './nodes';

export class ContainerState {
  items: ExplorerNode[] = [];
  nextToken?: string;
  fault?: S3Fault;
  filter?: string;
  loadedOnce = false;
  loading?: Promise<void>;
}

export type ModeCounts = Partial<Record<EncryptionMode | 'pending', number>>;

/** Counts per encryption mode of the objects loaded so far. */
export function countModes(state: ContainerState | undefined): ModeCounts {
  const counts: ModeCounts = {};
  for (const item of state?.items ?? []) {
    if (item.kind !== 'object') continue;
    const mode = item.encryption?.mode ?? 'pending';
    counts[mode] = (counts[mode] ?? 0) + 1;
  }
  return counts;
}

export function childrenOf(node: ContainerNode, state: ContainerState): ExplorerNode[] {
  const rows: ExplorerNode[] = [...state.items];
  if (state.fault) {
    const error: MessageNode = {
      kind: 'message',
      id: `${node.id}#error`,
      connectionId: node.connectionId,
      severity: 'error',
      message: state.fault.message,
      fault: state.fault,
      retry: node,
    };
    // A failed first page shows only the error; a failed "Load more" keeps what was loaded.
    rows.push(error);
  } else if (state.nextToken) {
    rows.push({ kind: 'loadMore', id: `${node.id}#more/${state.items.length}`, connectionId: node.connectionId, container: node, loaded: state.items.length });
  } else if (state.items.length === 0) {
    const what = node.kind === 'connection' ? 'No buckets' : state.filter ? `Nothing matches the filter "${state.filter}"` : 'Empty';
    rows.push({ kind: 'message', id: `${node.id}#empty`, connectionId: node.connectionId, severity: 'info', message: what });
  }
  return rows;
}
