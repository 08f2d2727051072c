// The explorer's model: what each node's children are, loaded page by page from S3, and when a node
// changed. No VS Code types: the TreeDataProvider adapter maps these nodes to TreeItems, and mocha tests
// drive this class directly against a real S3.
import {
  encryptionFromInventory,
  loadInventoryStatuses,
  type InventoryStatuses,
} from '../../../core/audit/inventory-lookup';
import { subjectOfInstructionKey } from '../../../core/crypto/envelope/recognize';
import { getBucketEncryptionInfo } from '../../../core/s3/bucket-info';
import { classifyObjectEncryption, type ObjectClassification } from '../../../core/s3/classify-object';
import { probeSseReporting, SseReportingCache, type SseReporting } from '../../../core/s3/endpoint-probe';
import { ClassificationScheduler, type ClassificationTarget } from '../../../core/s3/classification-scheduler';
import type { ClientPool } from '../../../core/s3/client-pool';
import type { ConnectionConfig } from '../../../core/s3/connection';
import { S3Fault, toS3Fault } from '../../../core/s3/faults';
import { listBuckets, listObjectsPage } from '../../../core/s3/listing';
import { mapWithConcurrency } from '../../../core/s3/object-listing-report';
import {
  bucketNodeId,
  connectionNodeId,
  containerPrefix,
  folderNodeId,
  objectNodeId,
  type BucketNode,
  type ConnectionNode,
  type ContainerNode,
  type ExplorerNode,
  type FolderNode,
  type JobNode,
  type ObjectNode,
} from './nodes';
import { ContainerState, childrenOf, countObjects, type ModeCounts } from './container-state';

/** What the model needs from the connection service (the VS Code one reads settings and SecretStorage). */
export interface ExplorerBackend {
  getConnections(): ConnectionConfig[];
  getPool(connectionId: string): Promise<ClientPool>;
  /** SSE-C keys the user holds (the key store): tried on SSE-C objects so the tree can name the key. */
  sseCKeys?(): Promise<Array<{ name: string; material: Buffer }>>;
}

/** At most this many stored SSE-C keys are tried per SSE-C object (one HeadObject each). */
const MAX_SSE_C_KEYS_TRIED = 8;
/** Keys the explorer writes for its one-time endpoint probe; never shown. */
const PROBE_KEY_PREFIX = '.s3enc-endpoint-probe-';

export interface ExplorerSettings {
  pageSize: number;
  headObjectConcurrency: number;
  classifyObjects: boolean;
  /** Take object encryption from the bucket's S3 Inventory when it has one (HeadObject only on refresh). */
  useInventory?: boolean;
  /** Ask a custom endpoint once (one tiny AES256 write) whether it reports SSE (default on); off: "no header"
   * shows as none. */
  probeEndpoint?: boolean;
}

/** 'row': only the node's own row changed (its description, icon), not its children. */
export type ChangeScope = 'row' | 'children';
export type ChangeListener = (node: ExplorerNode | undefined, scope: ChangeScope) => void;

export class ExplorerModel {
  private readonly states = new Map<string, ContainerState>();
  /** Containers handed out, by id: VS Code refreshes by element identity, so events must carry these objects. */
  private readonly containers = new Map<string, ContainerNode>();
  private readonly objects = new Map<string, { node: ObjectNode; parent: BucketNode | FolderNode }>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly dirtyContainers = new Set<ContainerNode>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly sseReporting = new SseReportingCache();
  private readonly probes = new Set<Promise<void>>();
  /** Inventory statuses per listed container (the report is read once per folder opened). */
  private readonly inventories = new Map<string, Promise<InventoryStatuses | undefined>>();
  /** Buckets found to have no usable inventory: not asked again until refreshed. */
  private readonly withoutInventory = new Set<string>();
  readonly scheduler: ClassificationScheduler;

  constructor(
    private readonly backend: ExplorerBackend,
    private readonly settings: () => ExplorerSettings,
  ) {
    this.scheduler = new ClassificationScheduler((t) => this.classify(t), settings().headObjectConcurrency);
    this.scheduler.onResult((t, result) => {
      const entry = this.objects.get(objectNodeId(t.connectionId, t.bucket, t.key));
      if (!entry) return;
      entry.node.encryption = result;
      entry.node.inventoryDate = undefined;
      entry.node.sseNotReported = result.mode === 'none' && this.endpointReporting(t.connectionId) === 'silent';
      if (result.mode === 'none' && this.endpointReporting(t.connectionId) === undefined)
        this.startProbe(t.connectionId, t.bucket);
      this.fire(entry.node);
      this.markAncestorsDirty(entry.node, entry.parent);
    });
  }

  /** An object's counts show on its folder and on every loaded folder above it, up to the bucket. */
  private markAncestorsDirty(node: ObjectNode, parent: BucketNode | FolderNode): void {
    this.markDirty(parent);
    const parts = node.key.split('/').slice(0, -1);
    for (let n = parts.length - 1; n >= 0; n--) {
      const id =
        n === 0
          ? bucketNodeId(node.connectionId, node.bucket)
          : folderNodeId(node.connectionId, node.bucket, `${parts.slice(0, n).join('/')}/`);
      const container = this.containers.get(id);
      if (container && container !== parent) this.markDirty(container);
    }
  }

  /** Counts per shown mode of every object loaded under a bucket or folder, its opened folders included. */
  countsUnder(node: BucketNode | FolderNode): ModeCounts {
    const prefix = containerPrefix(node);
    const under: ObjectNode[] = [];
    for (const { node: o } of this.objects.values()) {
      if (o.connectionId === node.connectionId && o.bucket === node.bucket && o.key.startsWith(prefix)) under.push(o);
    }
    return countObjects(under);
  }

  /** What the connection's endpoint reports: AWS (no custom endpoint) always reports SSE on HeadObject. */
  private endpointReporting(connectionId: string): SseReporting | undefined {
    const endpoint = this.backend.getConnections().find((c) => c.id === connectionId)?.endpoint;
    return endpoint ? this.sseReporting.get(endpoint) : 'reports';
  }

  /**
   * Whether the connection's endpoint reports SSE on HeadObject, probing it now (with `bucket`) if nobody has
   * yet; undefined when it cannot be known (probing turned off, or the probe was denied).
   */
  async sseReportingOf(connectionId: string, bucket: string): Promise<SseReporting | undefined> {
    const known = this.endpointReporting(connectionId);
    if (known || this.settings().probeEndpoint === false) return known;
    await this.probeEndpoint(connectionId, bucket).catch(() => undefined);
    return this.endpointReporting(connectionId);
  }

  private startProbe(connectionId: string, bucket: string): void {
    if (this.settings().probeEndpoint === false) return;
    const run = this.probeEndpoint(connectionId, bucket).catch(() => undefined);
    this.probes.add(run);
    void run.finally(() => this.probes.delete(run));
  }

  /** Asks the endpoint once whether it reports SSE-S3, then relabels the "none" objects it cannot vouch for. */
  private async probeEndpoint(connectionId: string, bucket: string): Promise<void> {
    const endpoint = this.backend.getConnections().find((c) => c.id === connectionId)?.endpoint;
    if (!endpoint) return;
    const pool = await this.backend.getPool(connectionId);
    const answer = await this.sseReporting.probe(endpoint, () =>
      pool.forBucket(bucket, (client) => probeSseReporting(client, bucket)),
    );
    if (answer !== 'silent') return;
    for (const { node, parent } of this.objects.values()) {
      if (node.connectionId !== connectionId || node.encryption?.mode !== 'none' || node.sseNotReported) continue;
      node.sseNotReported = true;
      this.fire(node);
      this.markAncestorsDirty(node, parent);
    }
  }

  onDidChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Children of a node; roots (connections) for undefined. Never throws: faults become message nodes. */
  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) return this.backend.getConnections().map((c) => this.remember(this.connectionNode(c)));
    if (node.kind !== 'connection' && node.kind !== 'bucket' && node.kind !== 'folder') return [];
    const state = this.stateOf(node);
    if (!state.loadedOnce) await this.loadPage(node, state);
    const jobs = node.kind === 'bucket' ? (this.jobSource?.(node) ?? []) : [];
    return [...jobs, ...childrenOf(node, state)];
  }

  private jobSource?: (bucket: BucketNode) => JobNode[];

  /** Batch Operations jobs shown first under their bucket (set by the batch feature). */
  setJobSource(source: (bucket: BucketNode) => JobNode[]): void {
    this.jobSource = source;
  }

  /** A job row changed (progress, status) or a job was added under a bucket. */
  jobsChanged(connectionId: string, bucket: string, job?: JobNode): void {
    if (job) return this.fire(job);
    const node = this.containers.get(bucketNodeId(connectionId, bucket));
    if (node) this.fire(node);
  }

  /** The state of a bucket/folder/connection (creates an empty one). */
  stateOf(node: ContainerNode): ContainerState {
    let s = this.states.get(node.id);
    if (!s) {
      s = new ContainerState();
      this.states.set(node.id, s);
    }
    return s;
  }

  /** Fetches the next page of a container and reports the change. */
  async loadMore(node: ContainerNode): Promise<void> {
    const state = this.stateOf(node);
    if (state.loadedOnce && !state.nextToken) return;
    await this.loadPage(node, state);
    this.fire(node);
  }

  /** Lists under `prefix + filter` from now on (a server-side prefix filter); "" clears it. */
  setFilter(node: BucketNode | FolderNode, filter: string): void {
    this.resetSubtree(node);
    this.stateOf(node).filter = filter || undefined;
    this.fire(node);
  }

  /** Forgets what was loaded under a node (all nodes when undefined) and asks S3 again on next expand. */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      this.inventories.clear();
      this.withoutInventory.clear();
      this.states.clear();
      this.containers.clear();
      this.objects.clear();
      this.scheduler.cancel(() => true);
      this.scheduler.invalidate(() => true);
      this.fire(undefined);
      return;
    }
    if (node.kind === 'object') {
      this.scheduler.invalidate(
        (t) => t.connectionId === node.connectionId && t.bucket === node.bucket && t.key === node.key,
      );
      // A refreshed object is asked with HeadObject, whatever the inventory said.
      node.encryption = undefined;
      node.inventoryDate = undefined;
      this.requestClassification([node]);
      this.fire(node);
      return;
    }
    if (node.kind === 'job') return this.fire(node);
    const target = node.kind === 'message' ? node.retry : node.kind === 'loadMore' ? node.container : node;
    if (!target) return;
    const filter = this.states.get(target.id)?.filter;
    this.resetSubtree(target);
    if (filter) this.stateOf(target).filter = filter;
    if (target.kind === 'bucket') {
      target.info = undefined;
      const bucket = target;
      void this.backend.getPool(bucket.connectionId).then(
        (pool) => this.loadBucketInfo(bucket, pool),
        (err: unknown) => {
          const fault = toS3Fault(err, { operation: 'GetBucketEncryption', bucket: bucket.bucket });
          bucket.info = {
            defaultEncryption: { mode: 'unknown', reason: fault.message },
            policy: { status: 'unknown', reason: fault.message },
            faults: [fault],
          };
          this.fire(bucket);
        },
      );
    }
    this.fire(target);
  }

  /** Resolves when queued classifications are done (tests, benchmarks). */
  async whenClassified(): Promise<void> {
    // Inventory reads queue HeadObjects when they end, and results can start endpoint probes: wait for both.
    for (;;) {
      await this.scheduler.whenIdle();
      if (!this.probes.size) return;
      await Promise.all([...this.probes]);
    }
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.listeners.clear();
  }

  private connectionNode(c: ConnectionConfig): ConnectionNode {
    const known = this.containers.get(connectionNodeId(c.id));
    if (known?.kind === 'connection' && known.connection === c) return known;
    return { kind: 'connection', id: connectionNodeId(c.id), connectionId: c.id, connection: c };
  }

  private remember<T extends ContainerNode>(node: T): T {
    this.containers.set(node.id, node);
    return node;
  }

  /** The node the tree holds for an id, if it was loaded. */
  findContainer(id: string): ContainerNode | undefined {
    return this.containers.get(id);
  }

  private resetSubtree(node: ContainerNode): void {
    const path = node.id.replace(/^[cbf]\//, '');
    const under = (id: string): boolean => {
      const p = id.replace(/^[cbf]\//, '');
      return p === path || p.startsWith(path.endsWith('/') ? path : `${path}/`);
    };
    for (const id of [...this.states.keys()]) if (under(id)) this.states.delete(id);
    const scope =
      node.kind === 'connection'
        ? { connectionId: node.connectionId }
        : { connectionId: node.connectionId, bucket: node.bucket, prefix: node.kind === 'folder' ? node.prefix : '' };
    const inScope = (t: { connectionId: string; bucket: string; key: string }): boolean =>
      t.connectionId === scope.connectionId &&
      (!('bucket' in scope) || (t.bucket === scope.bucket && t.key.startsWith(scope.prefix)));
    this.scheduler.cancel(inScope);
    this.scheduler.invalidate(inScope);
    for (const [id, entry] of this.objects) if (inScope(entry.node)) this.objects.delete(id);
    for (const key of [...this.inventories.keys()]) {
      const [connectionId, bucket, prefix] = key.split('\n');
      if (inScope({ connectionId, bucket, key: prefix })) this.inventories.delete(key);
    }
    if (node.kind !== 'folder')
      for (const key of [...this.withoutInventory])
        if (key.startsWith(`${node.connectionId}\n${node.kind === 'bucket' ? `${node.bucket}\n` : ''}`))
          this.withoutInventory.delete(key);
  }

  private async loadPage(node: ContainerNode, state: ContainerState): Promise<void> {
    // Concurrent expand + "Load more" clicks share one request.
    if (state.loading) return state.loading;
    state.loading = (async () => {
      try {
        const pool = await this.backend.getPool(node.connectionId);
        if (node.kind === 'connection') await this.loadBuckets(node, pool, state);
        else await this.loadObjects(node, pool, state);
        state.fault = undefined;
      } catch (err) {
        state.fault =
          err instanceof S3Fault
            ? err
            : toS3Fault(err, { operation: node.kind === 'connection' ? 'ListBuckets' : 'ListObjectsV2' });
      } finally {
        state.loadedOnce = true;
        state.loading = undefined;
      }
    })();
    return state.loading;
  }

  private async loadBuckets(node: ConnectionNode, pool: ClientPool, state: ContainerState): Promise<void> {
    const buckets = await listBuckets(pool.client(), pool.faultHints());
    const nodes: BucketNode[] = buckets.map((b) => {
      if (b.region) pool.regions.set(node.connectionId, b.name, { region: b.region, source: 'listing' });
      return this.remember<BucketNode>({
        kind: 'bucket',
        id: bucketNodeId(node.connectionId, b.name),
        connectionId: node.connectionId,
        bucket: b.name,
        region: b.region,
        creationDate: b.creationDate,
      });
    });
    state.items = nodes;
    state.nextToken = undefined;
    // Region and encryption posture arrive later, bucket by bucket; the list is shown now.
    void mapWithConcurrency(nodes, 4, (b) => this.loadBucketInfo(b, pool));
  }

  /** Region, default encryption and policy of a bucket; never throws, always ends the spinner. */
  private async loadBucketInfo(b: BucketNode, pool: ClientPool): Promise<void> {
    try {
      b.region = (await pool.bucketRegion(b.bucket)).region;
      b.info = await pool.forBucket(b.bucket, (client) => getBucketEncryptionInfo(client, b.bucket, pool.faultHints()));
      // Learn early (once per endpoint) whether "no SSE header" will mean "none" or "not reported".
      if (this.endpointReporting(b.connectionId) === undefined) this.startProbe(b.connectionId, b.bucket);
    } catch (err) {
      const fault = toS3Fault(err, { operation: 'GetBucketEncryption', bucket: b.bucket, ...pool.faultHints() });
      b.info = {
        defaultEncryption: { mode: 'unknown', reason: fault.message },
        policy: { status: 'unknown', reason: fault.message },
        faults: [fault],
      };
    }
    this.fire(b, 'row');
  }

  private async loadObjects(node: BucketNode | FolderNode, pool: ClientPool, state: ContainerState): Promise<void> {
    const listPrefix = containerPrefix(node) + (state.filter ?? '');
    const page = await pool.forBucket(node.bucket, (client) =>
      listObjectsPage(
        client,
        {
          bucket: node.bucket,
          prefix: listPrefix,
          pageSize: this.settings().pageSize,
          continuationToken: state.nextToken,
        },
        pool.faultHints(),
      ),
    );
    const region = pool.regions.get(node.connectionId, node.bucket)?.region;
    const folders: FolderNode[] = page.folders.map((prefix) =>
      this.remember<FolderNode>({
        kind: 'folder',
        id: folderNodeId(node.connectionId, node.bucket, prefix),
        connectionId: node.connectionId,
        bucket: node.bucket,
        region,
        prefix,
      }),
    );
    // Listings are sorted, so an object always comes before its instruction file (same page or an earlier one).
    const byKey = new Map(state.items.filter((i): i is ObjectNode => i.kind === 'object').map((i) => [i.key, i]));
    const objects: ObjectNode[] = [];
    const reclassify: ObjectNode[] = [];
    for (const o of page.objects) {
      if (o.key.startsWith(PROBE_KEY_PREFIX)) continue;
      const subject = subjectOfInstructionKey(o.key);
      const owner = subject === undefined ? undefined : byKey.get(subject);
      if (owner) {
        // The envelope belongs to its object: shown in the object's hover, not as an object of its own.
        owner.instructionFile = o;
        if (!owner.instructionSibling) {
          owner.instructionSibling = true;
          if (!objects.includes(owner)) reclassify.push(owner);
        }
        continue;
      }
      const n: ObjectNode = {
        kind: 'object',
        id: objectNodeId(node.connectionId, node.bucket, o.key),
        connectionId: node.connectionId,
        bucket: node.bucket,
        region,
        prefix: containerPrefix(node),
        key: o.key,
        object: o,
      };
      if (subject !== undefined) n.orphanInstruction = true;
      this.objects.set(n.id, { node: n, parent: node });
      byKey.set(n.key, n);
      objects.push(n);
    }
    state.items = [...state.items, ...folders, ...objects];
    state.nextToken = page.nextToken;
    for (const n of reclassify) {
      this.scheduler.invalidate((t) => t.connectionId === n.connectionId && t.bucket === n.bucket && t.key === n.key);
      n.encryption = undefined;
      n.inventoryDate = undefined;
    }
    // An object with an envelope beside it is client-side encrypted, which no inventory can see: always headed.
    const listed = objects.filter((o) => !o.orphanInstruction);
    this.requestClassification([...listed.filter((o) => o.instructionSibling), ...reclassify]);
    this.classifyListed(
      node,
      pool,
      listed.filter((o) => !o.instructionSibling),
    );
  }

  /**
   * Listed objects take their encryption from the bucket's newest S3 Inventory report when it has one (labelled
   * with the report's date); those missing from it or changed since, and every object without a report, are
   * headed (setting s3enc.explorer.headObjectConcurrency).
   */
  private classifyListed(node: BucketNode | FolderNode, pool: ClientPool, objects: ObjectNode[]): void {
    const { classifyObjects, useInventory } = this.settings();
    if (!classifyObjects || objects.length === 0) return;
    if (useInventory === false) return this.requestClassification(objects);
    const run = this.inventoryFor(node, pool).then((inventory) => {
      const rest: ObjectNode[] = [];
      for (const n of objects) {
        const enc = inventory && encryptionFromInventory(inventory.entries.get(n.key), n.object);
        if (!enc || !inventory) {
          rest.push(n);
          continue;
        }
        if (n.encryption) continue;
        n.encryption = enc;
        n.inventoryDate = inventory.inventoryDate?.slice(0, 10) ?? 'undated';
        this.fire(n);
        const entry = this.objects.get(n.id);
        if (entry) this.markAncestorsDirty(n, entry.parent);
      }
      this.requestClassification(rest);
    });
    this.probes.add(run);
    void run.finally(() => this.probes.delete(run));
  }

  /** The report's statuses for the objects directly in a container; undefined when the bucket has none. */
  private inventoryFor(node: BucketNode | FolderNode, pool: ClientPool): Promise<InventoryStatuses | undefined> {
    const bucketKey = `${node.connectionId}\n${node.bucket}`;
    if (this.withoutInventory.has(bucketKey)) return Promise.resolve(undefined);
    const key = `${bucketKey}\n${containerPrefix(node)}`;
    let load = this.inventories.get(key);
    if (!load) {
      load = loadInventoryStatuses(pool, node.bucket, containerPrefix(node), { directOnly: true })
        .catch(() => undefined)
        .then((found) => {
          if (!found) this.withoutInventory.add(bucketKey);
          return found;
        });
      this.inventories.set(key, load);
    }
    return load;
  }

  /** Objects only get classified once they are shown (their page was requested). */
  private requestClassification(objects: ObjectNode[]): void {
    const { classifyObjects, headObjectConcurrency } = this.settings();
    if (!classifyObjects) return;
    this.scheduler.setConcurrency(headObjectConcurrency);
    const targets: ClassificationTarget[] = [];
    for (const n of objects) {
      const t: ClassificationTarget = {
        connectionId: n.connectionId,
        bucket: n.bucket,
        key: n.key,
        etag: n.object.etag,
        lastModified: n.object.lastModified,
        instructionSibling: n.instructionSibling,
      };
      const cached = this.scheduler.cached(t);
      if (cached) n.encryption = cached;
      else targets.push(t);
    }
    this.scheduler.request(targets);
  }

  private async classify(t: ClassificationTarget): Promise<ObjectClassification> {
    const pool = await this.backend.getPool(t.connectionId);
    const result = await pool.forBucket(t.bucket, (client) =>
      classifyObjectEncryption(client, t.bucket, t.key, {
        instructionSibling: t.instructionSibling,
        ...pool.faultHints(),
      }),
    );
    if (result.mode !== 'SSE-C' || result.sseCustomerKeyMd5 || !this.backend.sseCKeys) return result;
    // Which stored key opens it: S3 accepts the right one and echoes its MD5.
    const keys = (await this.backend.sseCKeys().catch(() => [])).slice(0, MAX_SSE_C_KEYS_TRIED);
    for (const k of keys) {
      const withKey = await pool.forBucket(t.bucket, (client) =>
        classifyObjectEncryption(client, t.bucket, t.key, { sseCustomerKey: k.material, ...pool.faultHints() }),
      );
      if (withKey.mode === 'SSE-C' && withKey.sseCustomerKeyMd5) return { ...withKey, sseCustomerKeyName: k.name };
    }
    return result;
  }

  private fire(node: ExplorerNode | undefined, scope: ChangeScope = 'children'): void {
    for (const l of this.listeners) l(node, scope);
  }

  /**
   * Container descriptions (counts per mode) update once the classifications queued meanwhile are done, and at
   * most once a second while they run: each such refresh makes VS Code read the container's rows again.
   */
  private markDirty(node: ContainerNode): void {
    this.dirtyContainers.add(node);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flushDirty(), 1000);
    void this.scheduler.whenIdle().then(() => this.flushDirty());
  }

  private flushDirty(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const nodes = [...this.dirtyContainers];
    this.dirtyContainers.clear();
    for (const n of nodes) this.fire(n, 'row');
  }
}
