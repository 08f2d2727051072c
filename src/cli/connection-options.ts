// The connection options every S3-talking subcommand shares (ls, cp): --profile, --region, --endpoint,
// --path-style, turned into the same ConnectionConfig the extension uses.
import type { ConnectionConfig, CredentialSource } from '../core/s3/connection';
import { UsageError } from './errors';

export const connectionOptionSpecs = {
  profile: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'path-style': { type: 'boolean' },
} as const;

export interface ConnectionFlags {
  profile?: string;
  region?: string;
  endpoint?: string;
  'path-style'?: boolean;
}

/** Credentials: --profile, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else the SDK's default chain. */
export function connectionFromFlags(v: ConnectionFlags): ConnectionConfig {
  let credentials: CredentialSource;
  if (v.profile) credentials = { kind: 'profile', profile: v.profile };
  else if (process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) credentials = { kind: 'environment' };
  else credentials = { kind: 'default' };
  if (v.endpoint) {
    try {
      new URL(v.endpoint);
    } catch {
      throw new UsageError(`--endpoint must be a URL such as http://127.0.0.1:7480, got '${v.endpoint}'`);
    }
  }
  return {
    id: 'cli',
    label: 'cli',
    credentials,
    region: v.region ?? (v.profile ? undefined : (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION)),
    endpoint: v.endpoint,
    forcePathStyle: v['path-style'] ? true : undefined,
  };
}
