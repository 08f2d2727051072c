// Connections as the extension knows them: stored in the `s3enc.connections` setting (no secrets), with a
// typed static secret in SecretStorage. Other features get S3 clients here (the explorer's `connections` service).
import type { S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import { ClientPool } from '../../core/s3/client-pool';
import type { ConnectionConfig, CredentialSource } from '../../core/s3/connection';

export interface ConnectionsService {
  getConnections(): ConnectionConfig[];
  getConnection(connectionId: string): ConnectionConfig | undefined;
  /** A client for the connection, cached per region (undefined = the connection's region). */
  getClient(connectionId: string, region?: string): Promise<S3Client>;
  /** The connection's client pool (bucket region cache, wrong-region retry via forBucket). */
  getPool(connectionId: string): Promise<ClientPool>;
  /** Fires when connections are added, removed or edited. */
  readonly onDidChange: vscode.Event<void>;
  add(conn: ConnectionConfig, secretAccessKey?: string): Promise<void>;
  update(conn: ConnectionConfig, secretAccessKey?: string): Promise<void>;
  remove(connectionId: string): Promise<void>;
}

export const CONNECTIONS_SETTING = 'connections';
const secretKey = (id: string): string => `s3enc.connection.${id}.secretAccessKey`;

function isCredentialSource(v: unknown): v is CredentialSource {
  const c = v as { kind?: unknown; profile?: unknown; accessKeyId?: unknown };
  if (!c || typeof c !== 'object') return false;
  switch (c.kind) {
    case 'profile':
      return typeof c.profile === 'string';
    case 'static':
      return typeof c.accessKeyId === 'string';
    case 'environment':
    case 'default':
      return true;
    default:
      return false;
  }
}

/** Settings are user-editable JSON: keep only well-formed entries. */
export function parseConnectionsSetting(raw: unknown, log: (m: string) => void): ConnectionConfig[] {
  if (!Array.isArray(raw)) return [];
  const out: ConnectionConfig[] = [];
  for (const entry of raw) {
    const e = entry as Partial<ConnectionConfig>;
    if (!e || typeof e.id !== 'string' || !isCredentialSource(e.credentials)) {
      log(`Ignoring a malformed entry in s3enc.connections (needs "id" and "credentials": {"kind": ...}).`);
      continue;
    }
    out.push({
      id: e.id,
      label: typeof e.label === 'string' ? e.label : e.id,
      credentials: e.credentials,
      region: typeof e.region === 'string' && e.region ? e.region : undefined,
      endpoint: typeof e.endpoint === 'string' && e.endpoint ? e.endpoint : undefined,
      forcePathStyle: typeof e.forcePathStyle === 'boolean' ? e.forcePathStyle : undefined,
    });
  }
  return out;
}

export class SettingsConnectionsService implements ConnectionsService, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly pools = new Map<string, Promise<ClientPool>>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: (m: string) => void,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`s3enc.${CONNECTIONS_SETTING}`)) this.invalidate();
    });
  }

  getConnections(): ConnectionConfig[] {
    return parseConnectionsSetting(vscode.workspace.getConfiguration('s3enc').get(CONNECTIONS_SETTING), this.log);
  }

  getConnection(connectionId: string): ConnectionConfig | undefined {
    return this.getConnections().find((c) => c.id === connectionId);
  }

  getPool(connectionId: string): Promise<ClientPool> {
    let pool = this.pools.get(connectionId);
    if (!pool) {
      pool = this.createPool(connectionId);
      this.pools.set(connectionId, pool);
      // A failed creation (missing secret) is not cached: the user may fix it and retry.
      pool.catch(() => this.pools.delete(connectionId));
    }
    return pool;
  }

  async getClient(connectionId: string, region?: string): Promise<S3Client> {
    return (await this.getPool(connectionId)).client(region);
  }

  async add(conn: ConnectionConfig, secretAccessKey?: string): Promise<void> {
    if (this.getConnection(conn.id)) throw new Error(`A connection with id ${conn.id} already exists.`);
    await this.write([...this.getConnections(), conn], conn.id, secretAccessKey);
  }

  async update(conn: ConnectionConfig, secretAccessKey?: string): Promise<void> {
    await this.write(
      this.getConnections().map((c) => (c.id === conn.id ? conn : c)),
      conn.id,
      secretAccessKey,
    );
  }

  async remove(connectionId: string): Promise<void> {
    await this.secrets.delete(secretKey(connectionId));
    await this.write(this.getConnections().filter((c) => c.id !== connectionId));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.invalidate(false);
  }

  private async write(list: ConnectionConfig[], secretFor?: string, secret?: string): Promise<void> {
    // Secret first: a connection never appears in settings without the secret it needs.
    if (secretFor && secret) await this.secrets.store(secretKey(secretFor), secret);
    await vscode.workspace
      .getConfiguration('s3enc')
      .update(CONNECTIONS_SETTING, list, vscode.ConfigurationTarget.Global);
    this.invalidate();
  }

  private invalidate(fire = true): void {
    for (const p of this.pools.values())
      p.then(
        (pool) => pool.dispose(),
        () => undefined,
      );
    this.pools.clear();
    if (fire) this.changed.fire();
  }

  private async createPool(connectionId: string): Promise<ClientPool> {
    const conn = this.getConnection(connectionId);
    if (!conn) throw new Error(`Connection ${connectionId} is not configured any more.`);
    const secretAccessKey = conn.credentials.kind === 'static' ? await this.secrets.get(secretKey(conn.id)) : undefined;
    // Read on every SSE-C request, so changing the setting applies without reconnecting.
    const allowSseCOverHttpLoopback = (): boolean =>
      vscode.workspace.getConfiguration('s3enc.transfers').get<boolean>('allowSseCOverHttpLoopback', false);
    const pool = new ClientPool(conn, { secretAccessKey, allowSseCOverHttpLoopback });
    pool.client(); // creates the default client now, so a missing secret fails here with its clear message
    return pool;
  }
}
