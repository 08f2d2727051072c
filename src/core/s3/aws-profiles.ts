// Profile names from the AWS shared files, for the "add connection" picker. Only section names are read;
// credentials stay in the files and are resolved by the SDK (fromIni) when a client is created.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AwsProfile {
  name: string;
  /** Region from ~/.aws/config, when set. */
  region?: string;
  /** Which files mention it. */
  sources: ('config' | 'credentials')[];
}

export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
  };
}

async function readIfExists(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Parses `[name]` / `[profile name]` sections and their `region`; `[sso-session x]` etc. are skipped. */
export function parseProfileSections(text: string, file: 'config' | 'credentials'): Map<string, { region?: string }> {
  const out = new Map<string, { region?: string }>();
  let current: { region?: string } | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (section) {
      const header = section[1];
      const name =
        file === 'config' ? (header === 'default' ? 'default' : /^profile\s+(.+)$/.exec(header)?.[1]) : header;
      current = name ? { ...(out.get(name) ?? {}) } : undefined;
      if (name && current) out.set(name, current);
      continue;
    }
    const kv = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (current && kv && kv[1] === 'region') current.region = kv[2];
  }
  return out;
}

export async function listAwsProfiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsProfile[]> {
  const paths = sharedFilePaths(env);
  const [config, credentials] = await Promise.all([readIfExists(paths.config), readIfExists(paths.credentials)]);
  const byName = new Map<string, AwsProfile>();
  for (const [file, text] of [
    ['config', config],
    ['credentials', credentials],
  ] as const) {
    for (const [name, info] of parseProfileSections(text, file)) {
      const p = byName.get(name) ?? { name, sources: [] };
      p.sources.push(file);
      if (file === 'config' && info.region) p.region = info.region;
      byName.set(name, p);
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
