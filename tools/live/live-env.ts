// The one place live tests learn where the real local services are. test/support/global-setup.ts boots
// Ceph RGW and the local KMS once per mocha run and exports their coordinates through these variables.
// A live test calls liveEnv(); if the services are not up it fails with instructions, never skips.
export interface LiveEnv {
  /** http://127.0.0.1:PORT of Ceph RGW (path-style). */
  s3Endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** http://127.0.0.1:PORT of the local KMS (AWS KMS JSON 1.1 protocol). */
  kmsEndpoint: string;
  /** Key ids the local KMS accepts (ARNs and aliases resolve to these). */
  kmsKeyIds: string[];
  /** Key ids RGW's `testing` SSE-KMS backend accepts (x-amz-server-side-encryption-aws-kms-key-id). */
  rgwKmsKeyIds: string[];
  /** A key id the local KMS refuses with AccessDeniedException for every call (a missing kms:* permission). */
  kmsDeniedKeyId: string;
  /** Folder of the local services instance (logs in log/), when booted by this project's tooling. */
  instanceDir?: string;
}

export const LIVE_ENV_VAR = 'S3ENC_LIVE_ENV';
/** Set by the global setup when booting the services failed: the reason, shown by every live test. */
export const LIVE_ERROR_VAR = 'S3ENC_LIVE_ERROR';

export function liveEnv(): LiveEnv {
  const raw = process.env[LIVE_ENV_VAR];
  const bootError = process.env[LIVE_ERROR_VAR];
  if (!raw && bootError) throw new Error(`The live services could not start: ${bootError}`);
  if (!raw) {
    throw new Error(
      'The live services are not running. Run the tests with `npm test` (its mocha global setup boots Ceph RGW ' +
        'and the local KMS), and install the Debian packages first: ' +
        'apt-get install -y ceph-mon ceph-osd radosgw awscli ruby-aws-sdk-s3 (tools/setup-debian.sh installs them all).',
    );
  }
  return JSON.parse(raw) as LiveEnv;
}
