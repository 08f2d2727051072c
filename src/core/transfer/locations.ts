// Where a copy goes from and to: `s3://bucket/key` or a local path, and how `cp` names a destination the way
// `aws s3 cp` does (a trailing slash or an existing folder means "inside it").
import { statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { InvalidTransferArgumentError } from './errors';

export type Location = { kind: 'local'; path: string } | { kind: 's3'; bucket: string; key: string };

export function parseLocation(text: string): Location {
  if (text.startsWith('s3://')) {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(text);
    if (!m) throw new InvalidTransferArgumentError(`expected s3://bucket/key, got '${text}'`);
    return { kind: 's3', bucket: m[1], key: m[2] };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    throw new InvalidTransferArgumentError(`only s3:// URIs and local paths are supported, got '${text}'`);
  return { kind: 'local', path: text };
}

export function formatLocation(loc: Location): string {
  return loc.kind === 's3' ? `s3://${loc.bucket}/${loc.key}` : loc.path;
}

/** Key for one file uploaded to `dest`: `prefix/` (or an empty key) means "keep the file name". */
export function objectKeyFor(dest: { key: string }, fileName: string): string {
  return dest.key === '' || dest.key.endsWith('/') ? `${dest.key}${fileName}` : dest.key;
}

/** Local path for one object downloaded to `dest`: an existing folder or a trailing slash means "inside". */
export function localPathFor(dest: string, key: string): string {
  if (dest.endsWith('/') || dest.endsWith(sep) || isDirectory(dest)) return join(dest, basename(key));
  return dest;
}

export function prefixWithSlash(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** Relative path with forward slashes: the object key suffix of a file under an uploaded folder. */
export function keySuffixFor(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
