#!/usr/bin/env node
// Installs code-server (a real VS Code: server + web workbench) into a per-machine cache outside the repo,
// following the verified recipe in docs/e2e.md. Safe to re-run: a finished install is reused as is.
//
//   node tools/code-server/install.mjs          install if missing, print the install directory
//   node tools/code-server/install.mjs --check  exit 1 with instructions if the install is missing
//
// Why not a plain `npm install code-server`: its postinstall runs `npm install` inside lib/vscode, where the
// @vscode/ripgrep postinstall downloads a binary from GitHub, which fails offline and in CI. So scripts are
// skipped, native modules are rebuilt with node-gyp against the local Node headers, and Debian's ripgrep
// takes the downloaded binary's place.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { codeServerDir, CODE_SERVER_VERSION, entryScript, missingInstallMessage } from './paths.mjs';

const dir = codeServerDir();
const marker = join(dir, '.s3enc-complete');

function run(cmd, args, cwd, extraEnv = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', ...extraEnv },
  });
  if (r.status !== 0) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed in ${cwd} (exit ${r.status ?? r.signal}).`);
  }
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** npm ships node-gyp; using that copy avoids fetching another one. */
function nodeGypScript() {
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  const candidates = [
    join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(`node-gyp not found (looked in ${candidates.join(', ')}); install npm with its bundled node-gyp.`);
  return found;
}

/**
 * Node headers for node-gyp. A Node installed from a distribution package ships them (<prefix>/include/node),
 * which saves node-gyp a download from nodejs.org (that fails on offline machines).
 */
function nodeGypArgs() {
  const configured = spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).stdout.trim();
  if (configured && configured !== 'undefined' && configured !== 'null') return [`--nodedir=${configured}`];
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

/** Every package under node_modules with a binding.gyp, i.e. a native module the skipped scripts would build. */
function nativeModules(nodeModules) {
  const out = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    const scoped = name.startsWith('@') ? readdirSync(join(nodeModules, name)).map((n) => join(name, n)) : [name];
    for (const pkg of scoped) {
      if (existsSync(join(nodeModules, pkg, 'binding.gyp'))) out.push(join(nodeModules, pkg));
    }
  }
  return out;
}

function checkPrerequisites() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20)
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}.`);
  const missing = ['rg', 'g++', 'make', 'python3', 'pkg-config'].filter((c) => !which(c));
  if (missing.length) {
    throw new Error(
      `missing build tools: ${missing.join(', ')}. Install the project's Debian packages: ` +
        'apt-get install -y $(grep -v "^#" tools/debian-packages.txt) (ripgrep, g++, make, python3, pkg-config, ' +
        'libkrb5-dev, libx11-dev, libxkbfile-dev, libsecret-1-dev).',
    );
  }
}

function install() {
  checkPrerequisites();
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ private: true, name: 's3enc-code-server-cache' }));
    console.log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (once per machine, ~2 min)`);
    run(
      'npm',
      ['install', '--ignore-scripts', '--save-exact', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`],
      staging,
    );

    const pkg = join(staging, 'node_modules', 'code-server');
    const vscodeDir = join(pkg, 'lib', 'vscode');
    const gyp = nodeGypScript();
    const gypArgs = nodeGypArgs();
    run('npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
    for (const mod of nativeModules(join(vscodeDir, 'node_modules'))) {
      console.log(`building ${mod.slice(vscodeDir.length + 1)}`);
      run(process.execPath, [gyp, 'rebuild', ...gypArgs], mod);
    }
    const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(rgDir, { recursive: true });
    copyFileSync(which('rg'), join(rgDir, 'rg'));
    chmodSync(join(rgDir, 'rg'), 0o755);

    // The links code-server's postinstall would create.
    symlinkSync('node_modules', join(vscodeDir, 'node_modules.asar'));
    symlinkSync('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    symlinkSync('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

    run('npm', ['install', '--omit=dev'], join(vscodeDir, 'extensions'));
    run('npm', ['rebuild', 'argon2'], staging);

    if (!existsSync(entryScript(staging))) throw new Error('code-server entry script missing after install');
    writeFileSync(join(staging, '.s3enc-complete'), `${CODE_SERVER_VERSION}\n`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(staging, dir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

try {
  if (process.argv.includes('--check')) {
    if (!existsSync(marker)) {
      console.error(missingInstallMessage());
      process.exit(1);
    }
  } else if (!existsSync(marker)) {
    install();
  }
  console.log(dir);
} catch (err) {
  console.error(`code-server install failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
