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

/** Something on the way that cannot be walked (a folder without read permission, an unreadable .gitignore). */
export type WalkProblem = (path: string, code: 'unreadable' | 'not-a-file', message: string) => void;

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(e);
}

interface Scope {
  dir: string;
  rules: ignore.Ignore;
}

async function gitignoreIn(dir: string, problem: WalkProblem): Promise<Scope | undefined> {
  const file = join(dir, '.gitignore');
  try {
    const text = await readFile(file, 'utf8');
    return { dir: resolve(dir), rules: ignore().add(text) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    // Walking on without its rules may lint ignored files; that is better than losing the run, and it is said.
    problem(file, 'unreadable', `cannot read this .gitignore (${reason(e)}); its folder was walked without it`);
    return undefined;
  }
}

function ignoredBy(scopes: Scope[], path: string, isDir: boolean): boolean {
  for (const s of scopes) {
    const rel = relative(s.dir, resolve(path)).split(sep).join('/');
    if (rel && !rel.startsWith('..') && s.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/**
 * Yields file paths in the form the user gave them (`src` -> `src/a.ts`), sorted per directory for stable output.
 * A path given that does not exist throws PathNotFound (a usage error); anything unreadable on the way is handed to
 * `problem` and skipped, so one bad folder never ends the walk. Non-regular files (FIFOs, sockets, devices) are
 * yielded like files: the caller decides whether their names matter and says why they are not read.
 */
export async function* walkLintTargets(
  paths: readonly string[],
  problem: WalkProblem = () => undefined,
): AsyncGenerator<string> {
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new PathNotFound(`${p}: no such file or directory`);
      problem(p, 'unreadable', `cannot be read (${reason(e)})`);
      continue;
    }
    if (info.isDirectory()) yield* walkDir(p, await ancestorScopes(p, problem), problem);
    else yield p;
  }
}

/** .gitignore files above a directory given on the command line, up to the repository root (the dir with .git). */
async function ancestorScopes(dir: string, problem: WalkProblem): Promise<Scope[]> {
  const scopes: Scope[] = [];
  let cur = resolve(dir);
  while (!existsSync(join(cur, '.git')) && dirname(cur) !== cur) {
    cur = dirname(cur);
    const s = await gitignoreIn(cur, problem);
    if (s) scopes.unshift(s);
  }
  return scopes;
}

async function* walkDir(dir: string, parentScopes: Scope[], problem: WalkProblem): AsyncGenerator<string> {
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (e) {
    problem(dir, 'unreadable', `cannot list this folder (${reason(e)}); nothing in it was linted`);
    return;
  }
  const own = entries.some((e) => e.name === '.gitignore') ? await gitignoreIn(dir, problem) : undefined;
  const scopes = own ? [...parentScopes, own] : parentScopes;
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (ALWAYS_SKIPPED.has(e.name) || ignoredBy(scopes, path, true)) continue;
      yield* walkDir(path, scopes, problem);
    } else if (
      (e.isFile() || e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice()) &&
      !ignoredBy(scopes, path, false)
    ) {
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
