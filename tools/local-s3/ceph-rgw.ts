// A one-node Ceph cluster (monitor + memstore OSD + RADOS Gateway) living entirely in one temporary folder,
// on random free ports, so several can run on one machine at once. Data is in RAM and vanishes on stop.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DaemonSet } from './daemons';
import { findExecutable, freePort, run, waitFor } from './proc';

export const CEPH_MISSING =
  'Ceph RGW is not installed: apt-get install -y ceph-mon ceph-osd radosgw (see tools/debian-packages.txt)';

export class LocalS3Error extends Error {
  override readonly name = 'LocalS3Error';
}

export interface RgwEnv {
  s3Endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key ids of RGW's `testing` SSE-KMS backend. */
  rgwKmsKeyIds: string[];
}

const RGW_KEY_IDS = ['testkey-1', 'testkey-2'];

interface Bins {
  mon: string;
  osd: string;
  rgw: string;
  admin: string;
  ceph: string;
  authtool: string;
}

/** Ceph's binaries from PATH, or only from S3ENC_CEPH_BIN_DIR when set (a Ceph installed elsewhere). */
function binaries(): Bins {
  const only = process.env.S3ENC_CEPH_BIN_DIR;
  const find = (n: string) => (only ? (existsSync(join(only, n)) ? join(only, n) : undefined) : findExecutable(n));
  const b = {
    mon: find('ceph-mon'),
    osd: find('ceph-osd'),
    rgw: find('radosgw'),
    admin: find('radosgw-admin'),
    ceph: find('ceph'),
    authtool: find('ceph-authtool'),
  };
  if (Object.values(b).some((v) => !v)) throw new LocalS3Error(CEPH_MISSING);
  return b as Bins;
}

function cephConf(dir: string, monPort: number, rgwPort: number, rgwKeys: string): string {
  return `[global]
fsid = ${randomUUID()}
mon host = v1:127.0.0.1:${monPort}
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
osd objectstore = memstore
memstore device bytes = ${4 * 1024 ** 3}
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
# The OSD is placed in the CRUSH map explicitly below. Left on, a booting OSD asks the monitor to do it again,
# and a monitor that formed quorum moments ago can refuse that with "wrong fsid", killing the OSD.
osd crush update on start = false
osd class update on start = false
osd pool default pg autoscale mode = off
osd pool default pg num = 8
osd pool default pgp num = 8
mon max pg per osd = 1000
mon data avail warn = 2
mon data avail crit = 1
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
pid file = ${dir}/run/$name.pid
log file = ${dir}/log/$name.log
mon data = ${dir}/mon/$name
osd data = ${dir}/osd/$name
keyring = ${dir}/keyring
crash dir = ${dir}/crash

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = ${rgwKeys}
# Free deleted objects' space within seconds instead of hours: the memstore OSD lives in RAM, and benchmarks
# that write and delete GiB-sized objects would otherwise fill it (RGW then stops answering).
rgw gc obj min wait = 0
rgw gc processor period = 10
`;
}

/** Access keys in the shape AWS uses (20 upper-case alphanumerics, 40-char secret). */
function accessKeyPair(): { accessKeyId: string; secretAccessKey: string } {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const id = Array.from(randomBytes(16), (b) => alnum[b % alnum.length]).join('');
  return { accessKeyId: `AKLOCAL${id.slice(0, 13)}`, secretAccessKey: randomBytes(30).toString('base64') };
}

/**
 * A freshly started monitor sometimes answers a client that has not received the monitor map yet with
 * "EPERM: problem getting command descriptions" (the client's fsid is still zero); the same command
 * succeeds a moment later, so retry exactly that failure.
 */
async function runCephCommand(cephBin: string, args: string[]): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(cephBin, args);
    } catch (e) {
      const transient = /problem getting command descriptions|wrong fsid/.test((e as Error).message);
      if (!transient || attempt >= 8) throw e;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/** Boots the cluster inside `daemons.dir`; every daemon is recorded in `daemons`. */
export async function startCephRgw(daemons: DaemonSet, opts: { detached: boolean }): Promise<RgwEnv> {
  const bin = binaries();
  const dir = daemons.dir;
  for (const sub of ['run', 'log', 'mon', 'osd', 'rgw', 'crash']) mkdirSync(join(dir, sub), { recursive: true });
  const [monPort, rgwPort] = [await freePort(), await freePort()];
  const rgwKeys = RGW_KEY_IDS.map((id) => `${id}=${randomBytes(32).toString('base64')}`).join(' ');
  const conf = join(dir, 'ceph.conf');
  writeFileSync(conf, cephConf(dir, monPort, rgwPort, rgwKeys), { mode: 0o600 });
  const c = ['-c', conf];
  const ceph = (...args: string[]) => runCephCommand(bin.ceph, [...c, '--connect-timeout', '10', ...args]);
  // Remembers a daemon's early exit so the wait for it fails at once with the log's location.
  const exitWatch = (name: string, child: ChildProcess) => {
    let exited: string | undefined;
    child.once('exit', (code, sig) => (exited = `${name} exited during startup (${sig ?? `code ${code}`})`));
    return { failed: () => exited, log: join(dir, 'log', `${name === 'rgw.a' ? 'client.rgw.a' : name}.log`) };
  };

  // Monitor.
  const monKeyring = join(dir, 'mon.keyring');
  await run(bin.authtool, ['--create-keyring', monKeyring, '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
  await run(bin.mon, [...c, '--mkfs', '-i', 'a', '--keyring', monKeyring]);
  const mon = exitWatch('mon.a', daemons.spawn('mon.a', bin.mon, [...c, '-f', '-i', 'a'], opts));
  // A monitor that just formed quorum can still refuse commands for a moment; wait until one succeeds.
  await waitFor(
    'ceph-mon',
    async () => (JSON.parse(await ceph('osd', 'stat', '-f', 'json')) as { num_osds?: number }).num_osds === 0,
    { timeoutMs: 60_000, ...mon },
  );

  // OSD: the uuid given to `osd new` must be the one `--mkfs` writes, or the OSD never comes up.
  const osdUuid = randomUUID();
  const osdId = (await ceph('osd', 'new', osdUuid, '0')).trim();
  mkdirSync(join(dir, 'osd', `osd.${osdId}`), { recursive: true });
  await run(bin.osd, [...c, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid], 60_000);
  await ceph('osd', 'crush', 'add', `osd.${osdId}`, '1.0', 'host=localhost', 'root=default');
  // Right after the monitor forms quorum, a booting OSD is sometimes refused ("wrong fsid") and exits;
  // a second start succeeds, so allow a few.
  for (let attempt = 1; ; attempt++) {
    const osd = exitWatch('osd.0', daemons.spawn('osd.0', bin.osd, [...c, '-f', '-i', osdId], opts));
    try {
      await waitFor(
        'ceph-osd to come up',
        async () => {
          const stat = JSON.parse(await ceph('osd', 'stat', '-f', 'json')) as { num_up_osds?: number };
          return stat.num_up_osds === 1;
        },
        { timeoutMs: 60_000, ...osd },
      );
      break;
    } catch (e) {
      if (attempt >= 3 || !osd.failed()) throw new LocalS3Error(`${(e as Error).message} (start attempt ${attempt})`);
    }
  }

  // Gateway.
  const s3Endpoint = `http://127.0.0.1:${rgwPort}`;
  const rgw = exitWatch('rgw.a', daemons.spawn('rgw.a', bin.rgw, [...c, '-f', '-n', 'client.rgw.a'], opts));
  await waitFor(
    'radosgw to answer HTTP',
    async () => {
      const res = await fetch(s3Endpoint, { signal: AbortSignal.timeout(2000) });
      return res.status === 200;
    },
    { timeoutMs: 90_000, ...rgw },
  );

  const keys = accessKeyPair();
  await run(bin.admin, [
    ...c,
    'user',
    'create',
    '--uid=s3enc',
    '--display-name=S3 Encryption Explorer tests',
    `--access-key=${keys.accessKeyId}`,
    `--secret=${keys.secretAccessKey}`,
  ]);
  return { s3Endpoint, region: 'us-east-1', ...keys, rgwKmsKeyIds: [...RGW_KEY_IDS] };
}
