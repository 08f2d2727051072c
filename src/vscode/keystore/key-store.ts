// Named keys in VS Code's SecretStorage (OS keychain). The index (names, kinds, MD5s, KMS ids: nothing
// secret) lives in global state so lists need no secret reads; the material only in SecretStorage.
import type * as vscode from 'vscode';
import { keyMd5 } from '../../core/keys/key-material';
import { findByMd5, type KeyEntryInfo, type KeyKind } from '../../core/keys/key-entry';

const INDEX_KEY = 's3enc.keystore.index';
const secretId = (name: string) => `s3enc.key:${name}`;

export class KeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  list(kind?: KeyKind | KeyKind[]): KeyEntryInfo[] {
    const all = this.state.get<KeyEntryInfo[]>(INDEX_KEY, []);
    const kinds = kind === undefined ? undefined : Array.isArray(kind) ? kind : [kind];
    return kinds ? all.filter((e) => kinds.includes(e.kind)) : all;
  }

  get(name: string): KeyEntryInfo | undefined {
    return this.list().find((e) => e.name === name);
  }

  /** Symmetric key bytes or PEM bytes. Undefined when the secret is gone (e.g. keychain reset). */
  async material(name: string): Promise<Buffer | undefined> {
    const stored = await this.secrets.get(secretId(name));
    return stored === undefined ? undefined : Buffer.from(stored, 'base64');
  }

  async add(entry: Omit<KeyEntryInfo, 'createdAt' | 'md5'>, material?: Buffer): Promise<KeyEntryInfo> {
    if (this.get(entry.name)) throw new Error(`A key named "${entry.name}" already exists.`);
    const info: KeyEntryInfo = {
      ...entry,
      createdAt: new Date().toISOString(),
      ...((entry.kind === 'sse-c' || entry.kind === 'cse-aes') && material ? { md5: keyMd5(material) } : {}),
    };
    if (material) await this.secrets.store(secretId(entry.name), material.toString('base64'));
    await this.state.update(INDEX_KEY, [...this.list(), info]);
    return info;
  }

  async rename(from: string, to: string): Promise<void> {
    const entry = this.get(from);
    if (!entry) throw new Error(`No key named "${from}".`);
    if (this.get(to)) throw new Error(`A key named "${to}" already exists.`);
    const material = await this.secrets.get(secretId(from));
    if (material !== undefined) await this.secrets.store(secretId(to), material);
    await this.state.update(
      INDEX_KEY,
      this.list().map((e) => (e.name === from ? { ...e, name: to } : e)),
    );
    await this.secrets.delete(secretId(from));
  }

  async delete(name: string): Promise<void> {
    await this.state.update(
      INDEX_KEY,
      this.list().filter((e) => e.name !== name),
    );
    await this.secrets.delete(secretId(name));
  }

  /** The stored SSE-C key whose MD5 is `md5`, with its bytes. */
  async findSseCKeyByMd5(md5: string): Promise<{ info: KeyEntryInfo; key: Buffer } | undefined> {
    const info = findByMd5(this.list('sse-c'), md5);
    const key = info && (await this.material(info.name));
    return info && key ? { info, key } : undefined;
  }
}
