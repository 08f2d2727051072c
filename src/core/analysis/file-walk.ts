// Expands the paths given to `s3enc lint` into files, honouring .gitignore files on the way down.
import { readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';

/** Never worth walking into, whatever .gitignore says. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

export class PathNotFound extends Error {
  override readonly name = 'PathNotFound';
}

interface Scope {
  dir: string;
  rules: ignore.Ignore;
}

async function gitignoreIn(dir: string): Promise<Scope | undefined> {
  try {
    const text = await readFile(join(dir, '.gitignore'), 'utf8');
    return { dir: resolve(dir), rules: ignore().add(text) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function ignoredBy(scopes: Scope[], path: string, isDir: boolean): boolean {
  for (const s of scopes) {
    const rel = relative(s.dir, resolve(path)).split(sep).join('/');
    if (rel && !rel.startsWith('..') && s.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** Yields file paths in the form the user gave them (`src` -> `src/a.ts`), sorted per directory for stable output. */
export async function* walkLintTargets(paths: readonly string[]): AsyncGenerator<string> {
  for (const p of paths) {
    const info = await stat(p).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') throw new PathNotFound(`${p}: no such file or directory`);
      throw e;
    });
    if (info.isFile()) {
      yield p;
      continue;
    }
    yield* walkDir(p, await ancestorScopes(p));
  }
}

/** .gitignore files above a directory given on the command line, up to the repository root (the dir with .git). */
async function ancestorScopes(dir: string): Promise<Scope[]> {
  const scopes: Scope[] = [];
  let cur = resolve(dir);
  while (!existsSync(join(cur, '.git')) && dirname(cur) !== cur) {
    cur = dirname(cur);
    const s = await gitignoreIn(cur);
    if (s) scopes.unshift(s);
  }
  return scopes;
}

async function* walkDir(dir: string, parentScopes: Scope[]): AsyncGenerator<string> {
  const own = await gitignoreIn(dir);
  const scopes = own ? [...parentScopes, own] : parentScopes;
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (ALWAYS_SKIPPED.has(e.name) || ignoredBy(scopes, path, true)) continue;
      yield* walkDir(path, scopes);
    } else if (e.isFile() && !ignoredBy(scopes, path, false)) {
      yield path;
    }
  }
}

/** .gitignore rules found anywhere in a tree, checked against absolute paths (used by the editor's workspace scan). */
export class GitignoreMatcher {
  private readonly scopes: Scope[];

  constructor(files: ReadonlyArray<{ dir: string; text: string }>) {
    this.scopes = files.map((f) => ({ dir: resolve(f.dir), rules: ignore().add(f.text) }));
  }

  ignores(path: string): boolean {
    // A file is ignored if it or any of its parent directories is.
    const abs = resolve(path);
    for (let dir = dirname(abs); ; dir = dirname(dir)) {
      if (ignoredBy(this.scopes, dir, true)) return true;
      if (dirname(dir) === dir) break;
    }
    return ignoredBy(this.scopes, abs, false);
  }
}
