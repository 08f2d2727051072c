// What is loaded under one connection, bucket or folder: the pages so far, the continuation token, the
// last fault and the prefix filter. `childrenOf` turns it into the rows the tree shows.
import type { S3Fault } from '../../../core/s3/faults';
import type { DisplayMode } from './mode-style';
import type { ContainerNode, ExplorerNode, MessageNode, ObjectNode } from './nodes';

export class ContainerState {
  items: ExplorerNode[] = [];
  nextToken?: string;
  fault?: S3Fault;
  filter?: string;
  loadedOnce = false;
  loading?: Promise<void>;
}

export type ModeCounts = Partial<Record<DisplayMode, number>>;

/** What a user is told about an object: its mode, "pending", or "not-reported" when the endpoint is silent. */
export function displayModeOf(node: ObjectNode): DisplayMode {
  const mode = node.encryption?.mode ?? 'pending';
  return mode === 'none' && node.sseNotReported ? 'not-reported' : mode;
}

/** Counts per shown mode; envelope files are part of their object, not objects of their own. */
export function countObjects(objects: Iterable<ObjectNode>): ModeCounts {
  const counts: ModeCounts = {};
  for (const o of objects) {
    if (o.orphanInstruction) continue;
    const mode = displayModeOf(o);
    counts[mode] = (counts[mode] ?? 0) + 1;
  }
  return counts;
}

/** Counts per mode of the objects of one loaded page set (this container only, not its folders). */
export function countModes(state: ContainerState | undefined): ModeCounts {
  return countObjects((state?.items ?? []).filter((i): i is ObjectNode => i.kind === 'object'));
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
    rows.push({
      kind: 'loadMore',
      id: `${node.id}#more/${state.items.length}`,
      connectionId: node.connectionId,
      container: node,
      loaded: state.items.length,
    });
  } else if (state.items.length === 0) {
    const what =
      node.kind === 'connection'
        ? 'No buckets'
        : state.filter
          ? `Nothing matches the filter "${state.filter}"`
          : 'Empty';
    rows.push({
      kind: 'message',
      id: `${node.id}#empty`,
      connectionId: node.connectionId,
      severity: 'info',
      message: what,
    });
  }
  return rows;
}
