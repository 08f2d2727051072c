// The other files of the unit a language analyses as a whole: a Terraform module is every .tf file in a folder,
// and a TypeScript/Python client may be made in a sibling module. Front ends ask for them; the default reads the
// disk (the CLI's files, the editor's saved files), with a small cache so a folder is not re-read per file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface ModuleFile {
  path: string;
  text: string;
}

export interface ModuleFiles {
  /** Files in the same folder as `path` whose names match, excluding `path` itself. */
  siblings(path: string, name: RegExp): ModuleFile[];
  /** Files of another folder (a Terraform child module's, `source = "./modules/x"`) whose names match. */
  folder(dir: string, name: RegExp): ModuleFile[];
  /** One file's text, or undefined when it does not exist or is too large to be source. */
  read(path: string): string | undefined;
}

/** A folder with more matching files than this is a generated tree, not a module someone wrote. */
const MAX_SIBLINGS = 200;
const MAX_FILE_CHARS = 1_000_000;

export class DiskModuleFiles implements ModuleFiles {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; text: string }>();

  read(path: string): string | undefined {
    try {
      const st = statSync(path);
      if (!st.isFile() || st.size > MAX_FILE_CHARS) return undefined;
      const hit = this.cache.get(path);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
      const text = readFileSync(path, 'utf8');
      this.cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, text });
      if (this.cache.size > 512) this.cache.delete(this.cache.keys().next().value as string);
      return text;
    } catch {
      return undefined;
    }
  }

  siblings(path: string, name: RegExp): ModuleFile[] {
    if (!isAbsolute(path) && !/[\\/]/.test(path)) return [];
    return this.list(dirname(resolve(path)), name, resolve(path));
  }

  folder(dir: string, name: RegExp): ModuleFile[] {
    return this.list(resolve(dir), name);
  }

  private list(dir: string, name: RegExp, self?: string): ModuleFile[] {
    let entries: string[];
    try {
      entries = readdirSync(dir)
        .filter((e) => name.test(e))
        .sort();
    } catch {
      return [];
    }
    if (entries.length > MAX_SIBLINGS) return [];
    const out: ModuleFile[] = [];
    for (const e of entries) {
      const p = join(dir, e);
      if (p === self) continue;
      const text = this.read(p);
      if (text !== undefined) out.push({ path: p, text });
    }
    return out;
  }
}

/** For analysis of text with no folder around it (tests, untitled editors). */
export const NO_MODULE_FILES: ModuleFiles = { siblings: () => [], folder: () => [], read: () => undefined };
