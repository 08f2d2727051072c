// Files the user named on the command line (key files, inputs). A missing or unreadable file is a usage error
// that names the option and the file in words, not a bare ENOENT; a key's bytes never appear in a message.
import { readFileSync } from 'node:fs';
import { UsageError } from './errors';

const REASONS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'is not readable (permission denied)',
  EPERM: 'is not readable (permission denied)',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'is not reachable (a part of its path is not a folder)',
  ELOOP: 'is a symbolic link loop',
  ENAMETOOLONG: 'has a name too long for this system',
};

/** The usage error for a file named by `option` that could not be opened. */
export function unreadableFile(err: unknown, path: string, option: string, what = 'file'): UsageError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const reason = REASONS[code] ?? `cannot be read (${code || String(err)})`;
  return new UsageError(`${option} ${path}: the ${what} ${reason}`);
}

export function readKeyFile(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw unreadableFile(err, path, option, 'key file');
  }
}
