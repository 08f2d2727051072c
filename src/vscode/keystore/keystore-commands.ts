// Key store commands: generate, import (format detected), export (after a modal confirmation), rename,
// delete. Messages name keys and MD5s, never key bytes.
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { generateAes256Key, parseAes256Key } from '../../core/keys/key-material';
import {
  KEY_KIND_LABELS,
  looksLikePemPrivateKey,
  validateKeyName,
  type KeyEntryInfo,
  type KeyKind,
} from '../../core/keys/key-entry';
import type { KeyStore } from './key-store';

const KINDS: KeyKind[] = ['sse-c', 'cse-aes', 'rsa-private', 'kms-ref'];

async function pickKind(title: string, kinds: KeyKind[] = KINDS): Promise<KeyKind | undefined> {
  // Not `kind`: QuickPickItem already has a `kind` (separator or default).
  const pick = await vscode.window.showQuickPick(
    kinds.map((k) => ({ label: KEY_KIND_LABELS[k], keyKind: k })),
    { title },
  );
  return pick?.keyKind;
}

async function askName(store: KeyStore, title: string, value = '', ignore?: string): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title,
    value,
    prompt: 'Key name',
    validateInput: (v) => validateKeyName(v, store.list(), ignore),
  });
  return name?.trim();
}

export async function pickStoredKey(
  store: KeyStore,
  kinds: KeyKind[],
  title: string,
): Promise<KeyEntryInfo | undefined> {
  const entries = store.list(kinds);
  if (!entries.length) {
    void vscode.window.showInformationMessage(
      `The key store has no ${kinds.map((k) => KEY_KIND_LABELS[k]).join(' or ')} yet. Generate or import one first.`,
    );
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    entries.map((e) => ({
      label: e.name,
      description: KEY_KIND_LABELS[e.kind],
      detail: e.md5 ? `MD5 ${e.md5}` : e.kmsKeyId,
      entry: e,
    })),
    { title },
  );
  return pick?.entry;
}

const GENERATABLE: KeyKind[] = ['sse-c', 'cse-aes', 'rsa-private'];

/** The one kind among `kinds`, or asks which (only among `kinds`). */
async function chooseKind(title: string, kinds: KeyKind[]): Promise<KeyKind | undefined> {
  return kinds.length === 1 ? kinds[0] : pickKind(title, kinds);
}

/**
 * Generates a key of `kind`, or of one of `kind` when a list (asks which); returns its entry. Exported for
 * the transfer mode picker, which passes the kinds its mode can use (a client-side mode never gets an SSE-C key).
 */
export async function generateKey(
  store: KeyStore,
  kind: KeyKind | KeyKind[] = GENERATABLE,
): Promise<KeyEntryInfo | undefined> {
  const k = await chooseKind(
    'Generate a key',
    (Array.isArray(kind) ? kind : [kind]).filter((x) => GENERATABLE.includes(x)),
  );
  if (!k) return undefined;
  const name = await askName(store, `Name for the new ${KEY_KIND_LABELS[k]}`);
  if (!name) return undefined;
  if (k === 'rsa-private') {
    const pem = generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    return store.add({ name, kind: k }, Buffer.from(pem));
  }
  return store.add({ name, kind: k }, generateAes256Key());
}

export async function importKey(store: KeyStore, kind: KeyKind | KeyKind[] = KINDS): Promise<KeyEntryInfo | undefined> {
  const k = await chooseKind('Import a key', Array.isArray(kind) ? kind : [kind]);
  if (!k) return undefined;
  if (k === 'kms-ref') {
    const keyId = await vscode.window.showInputBox({
      title: 'KMS key id, ARN or alias',
      validateInput: (v) => (v.trim() ? undefined : 'Enter a key id, ARN or alias/...'),
    });
    if (!keyId) return undefined;
    const name = await askName(store, 'Name for this KMS key reference', keyId.trim().split('/').pop());
    return name ? store.add({ name, kind: k, kmsKeyId: keyId.trim() }) : undefined;
  }
  const files = await vscode.window.showOpenDialog({
    title: `Import ${KEY_KIND_LABELS[k]}`,
    canSelectMany: false,
    openLabel: 'Import',
  });
  if (!files?.[0]) return undefined;
  const raw = await readFile(files[0].fsPath);
  let material: Buffer;
  if (k === 'rsa-private') {
    if (!looksLikePemPrivateKey(raw.toString('utf8')))
      throw new Error(`${files[0].fsPath} is not a PEM private key (-----BEGIN PRIVATE KEY-----).`);
    material = raw;
  } else {
    material = parseAes256Key(raw, files[0].fsPath).key; // throws the wrong-size / wrong-format explanation
  }
  raw.fill(0);
  const name = await askName(store, `Name for the imported ${KEY_KIND_LABELS[k]}`);
  return name ? store.add({ name, kind: k }, material) : undefined;
}

export function keyStoreCommands(store: KeyStore): Record<string, (arg?: unknown) => Promise<unknown>> {
  return {
    's3enc.keys.generate': () =>
      generateKey(store).then(
        (e) =>
          e &&
          void vscode.window.showInformationMessage(
            `Generated ${KEY_KIND_LABELS[e.kind]} "${e.name}"${e.md5 ? ` (MD5 ${e.md5})` : ''}.`,
          ),
      ),
    's3enc.keys.import': () =>
      importKey(store).then(
        (e) =>
          e &&
          void vscode.window.showInformationMessage(
            `Imported ${KEY_KIND_LABELS[e.kind]} "${e.name}"${e.md5 ? ` (MD5 ${e.md5})` : ''}.`,
          ),
      ),
    's3enc.keys.export': async () => {
      const entry = await pickStoredKey(store, ['sse-c', 'cse-aes', 'rsa-private'], 'Export which key?');
      if (!entry) return;
      const ok = await vscode.window.showWarningMessage(
        `Export "${entry.name}" to a file? Anyone who can read that file can decrypt what this key protects.`,
        { modal: true },
        'Export',
      );
      if (ok !== 'Export') return;
      const target = await vscode.window.showSaveDialog({ title: `Export ${entry.name}`, saveLabel: 'Export' });
      if (!target) return;
      const material = await store.material(entry.name);
      if (!material) throw new Error(`The secret of "${entry.name}" is missing from the OS keychain.`);
      // Symmetric keys as base64 text (what `s3enc cp --sse-c-key-file` and the AWS CLI docs use); PEM as is.
      await writeFile(target.fsPath, entry.kind === 'rsa-private' ? material : `${material.toString('base64')}\n`, {
        mode: 0o600,
      });
      void vscode.window.showInformationMessage(`Exported "${entry.name}" to ${target.fsPath} (readable only by you).`);
    },
    's3enc.keys.rename': async () => {
      const entry = await pickStoredKey(store, KINDS, 'Rename which key?');
      if (!entry) return;
      const to = await askName(store, `New name for "${entry.name}"`, entry.name, entry.name);
      if (!to || to === entry.name) return;
      await store.rename(entry.name, to);
      void vscode.window.showInformationMessage(`Renamed key "${entry.name}" to "${to}".`);
    },
    's3enc.keys.delete': async () => {
      const entry = await pickStoredKey(store, KINDS, 'Delete which key?');
      if (!entry) return;
      const ok = await vscode.window.showWarningMessage(
        `Delete "${entry.name}"? Objects encrypted with it cannot be read without a copy of the key.`,
        { modal: true },
        'Delete',
      );
      if (ok !== 'Delete') return;
      await store.delete(entry.name);
      void vscode.window.showInformationMessage(`Deleted key "${entry.name}" from the key store.`);
    },
  };
}
