// What `npm run demo` prints once everything is up: where to click, and the environment lines that point
// the s3enc CLI or the AWS CLI at the same RGW and KMS (these are throwaway local credentials).
import type { LiveEnv } from '../live/live-env';

export interface BannerInput {
  url: string;
  connectionLabel: string;
  live: LiveEnv;
  buckets: string[];
  sseCKeyFile: string;
  workspace: string;
  check: boolean;
}

/** Shell lines: `export NAME='value'`, quoted so a paste into bash or zsh sets exactly these values. */
export function credentialLines(live: LiveEnv): string[] {
  const vars: Array<[string, string]> = [
    ['AWS_ACCESS_KEY_ID', live.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', live.secretAccessKey],
    ['AWS_REGION', live.region],
    ['AWS_ENDPOINT_URL_S3', live.s3Endpoint],
    ['AWS_ENDPOINT_URL_KMS', live.kmsEndpoint],
  ];
  return vars.map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`);
}

export function demoBanner(b: BannerInput): string {
  return [
    '',
    `  S3 Encryption Explorer is running: open ${b.url}`,
    '',
    `  Activity bar → "S3 Encryption" → "${b.connectionLabel}" (${b.live.s3Endpoint})`,
    `  Buckets: ${b.buckets.join(', ')}`,
    `  SSE-C demo key (32 raw bytes): ${b.sseCKeyFile}`,
    `  Workspace (a temporary copy): ${b.workspace}`,
    '',
    '  To use the CLI (s3enc, or aws with --endpoint-url) against the same services, paste into a shell:',
    ...credentialLines(b.live).map((l) => `    ${l}`),
    `  e.g.  npx s3enc ls --endpoint ${b.live.s3Endpoint}    aws s3 ls --endpoint-url ${b.live.s3Endpoint}`,
    '',
    b.check ? '' : '  Press Ctrl-C to stop everything.',
  ].join('\n');
}
