// A connection is what the user adds in the explorer or names on the CLI: where S3 is and whose credentials
// to use. This module turns one into an S3Client. It holds no secrets itself: a static secret is passed in by
// the caller (the extension reads it from SecretStorage, the CLI from the environment).
import { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { fromEnv, fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { sseCTransportGuard, type LoopbackAllowance } from './sse-c-guard';

export { isLoopbackEndpoint } from '../loopback';

export type CredentialSource =
  /** A profile from ~/.aws/config and ~/.aws/credentials, including SSO and credential_process. */
  | { kind: 'profile'; profile: string }
  /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN. */
  | { kind: 'environment' }
  /** The SDK's default chain (env, profile, SSO, process, container, instance metadata). */
  | { kind: 'default' }
  /** An access key the user typed; the secret lives in SecretStorage and is handed in at client creation. */
  | { kind: 'static'; accessKeyId: string };

export interface ConnectionConfig {
  /** Stable id, used as the SecretStorage key suffix and in tree node ids. */
  id: string;
  label: string;
  credentials: CredentialSource;
  /** Default region; a profile's own region is used when this is absent. */
  region?: string;
  /** Custom endpoint for S3-compatible services (Ceph RGW, MinIO, R2, ...). */
  endpoint?: string;
  /** Path-style addressing (http://host/bucket/key), needed by most S3-compatible services. */
  forcePathStyle?: boolean;
}

export interface ClientOptions {
  /** Secret for a `static` credential source. */
  secretAccessKey?: string;
  /** Overrides the connection's region, e.g. for a bucket that lives elsewhere. */
  region?: string;
  /** SDK retry attempts (adaptive backoff on throttling and 5xx). */
  maxAttempts?: number;
  /** Socket connect timeout, so an endpoint that does not answer fails fast instead of spinning. */
  connectTimeoutMs?: number;
  /** Whole-request timeout. */
  requestTimeoutMs?: number;
  /** The user explicitly allowed SSE-C over plain HTTP to a loopback endpoint (read on each request). */
  allowSseCOverHttpLoopback?: LoopbackAllowance;
}

export const DEFAULT_REGION = 'us-east-1';

export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

export function credentialProviderFor(
  source: CredentialSource,
  secretAccessKey?: string,
): AwsCredentialIdentityProvider | AwsCredentialIdentity {
  switch (source.kind) {
    case 'profile':
      // fromIni follows sso_session / sso_* settings and credential_process as well as static keys.
      return fromIni({ profile: source.profile });
    case 'environment':
      return fromEnv();
    case 'default':
      return fromNodeProviderChain();
    case 'static':
      if (!secretAccessKey) {
        throw new ConnectionError(
          `No secret access key is stored for access key ${source.accessKeyId}. Edit the connection and enter it again.`,
        );
      }
      return { accessKeyId: source.accessKeyId, secretAccessKey };
  }
}

export function clientConfigFor(conn: ConnectionConfig, opts: ClientOptions = {}): S3ClientConfig {
  const config: S3ClientConfig = {
    region: opts.region ?? conn.region ?? (conn.credentials.kind === 'profile' ? undefined : DEFAULT_REGION),
    credentials: credentialProviderFor(conn.credentials, opts.secretAccessKey),
    maxAttempts: opts.maxAttempts ?? 5,
    retryMode: 'adaptive',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: opts.connectTimeoutMs ?? 5000,
      requestTimeout: opts.requestTimeoutMs ?? 0,
    }),
  };
  if (conn.credentials.kind === 'profile') {
    // Lets the SDK read the profile's region from ~/.aws/config when the connection has none.
    (config as S3ClientConfig & { profile?: string }).profile = conn.credentials.profile;
  }
  if (conn.endpoint) {
    config.endpoint = conn.endpoint;
    config.forcePathStyle = conn.forcePathStyle ?? true;
    // S3-compatible servers (Ceph RGW 16 among them) reject the SDK's default flexible checksums on streamed
    // bodies (aws-chunked with a trailer: 411 MissingContentLength); send checksums only where S3 requires one.
    config.requestChecksumCalculation = 'WHEN_REQUIRED';
    config.responseChecksumValidation = 'WHEN_REQUIRED';
  } else if (conn.forcePathStyle !== undefined) {
    config.forcePathStyle = conn.forcePathStyle;
  }
  return config;
}

/** Every S3 client of the product: SSE-C requests are refused here unless the endpoint they resolve to is safe. */
export function createS3Client(conn: ConnectionConfig, opts: ClientOptions = {}): S3Client {
  const client = new S3Client(clientConfigFor(conn, opts));
  client.middlewareStack.use(sseCTransportGuard(opts.allowSseCOverHttpLoopback ?? false));
  return client;
}
