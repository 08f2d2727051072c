// One entry point for everything that needs the live services: the mocha global setup, dev-up, the bench
// runner and the demo. Boots Ceph RGW and the local KMS side by side in one instance folder.
import type { LiveEnv } from '../live/live-env';
import { startLocalKms } from '../local-kms/launch';
import { startCephRgw } from './ceph-rgw';
import { DaemonSet } from './daemons';

export { CEPH_MISSING, LocalS3Error } from './ceph-rgw';
export { stopRecorded } from './daemons';

/** LiveEnv as booted here: the instance folder (logs under log/, pids in daemons.pids) is always known. */
export interface LocalLiveEnv extends LiveEnv {
  instanceDir: string;
}

export interface LocalServices {
  env: LocalLiveEnv;
  dir: string;
  stop(): Promise<void>;
  /** Synchronous stop for exit and signal handlers. */
  stopNow(): void;
}

export interface StartOptions {
  /** Daemons outlive this process (dev-up); otherwise a reaper stops them if this process dies. */
  detached?: boolean;
  /** Hex master-key file for the KMS (the vectors' keys/kms-master.hex so KMS vectors open); random if absent. */
  kmsMasterKeyFile?: string;
  /** Skip RGW (KMS only), e.g. for quick KMS work. */
  kmsOnly?: boolean;
  /** Folder in which the instance folder is created (default: the OS temp folder). */
  parentDir?: string;
}

export async function startLocalServices(opts: StartOptions = {}): Promise<LocalServices> {
  const detached = opts.detached ?? false;
  const daemons = new DaemonSet('s3enc-live-', opts.parentDir);
  if (!detached) daemons.startReaper(process.pid);
  try {
    // The KMS boots in about a second; start it while the cluster comes up. allSettled, not all: when one
    // side fails, the other must have finished before the instance is torn down, or it would keep spawning.
    const [kms, rgw] = await Promise.allSettled([
      startLocalKms(daemons, { detached, masterKeyFile: opts.kmsMasterKeyFile }),
      opts.kmsOnly
        ? Promise.resolve({
            s3Endpoint: '',
            region: 'us-east-1',
            accessKeyId: '',
            secretAccessKey: '',
            rgwKmsKeyIds: [],
          })
        : startCephRgw(daemons, { detached }),
    ]);
    if (rgw.status === 'rejected') throw rgw.reason;
    if (kms.status === 'rejected') throw kms.reason;
    const env: LocalLiveEnv = { ...rgw.value, ...kms.value, instanceDir: daemons.dir };
    return { env, dir: daemons.dir, stop: () => daemons.stop(), stopNow: () => daemons.stopNow() };
  } catch (e) {
    // S3ENC_KEEP_FAILED=1 keeps the failed instance's folder (logs) for debugging; daemons are stopped anyway.
    await daemons.stop({ keepDir: process.env.S3ENC_KEEP_FAILED === '1' });
    throw e;
  }
}
