// An S3 Control client for the same connection as the S3 one. S3 Control addresses the account in the host
// name ({AccountId}.s3-control.{region}.amazonaws.com); a custom endpoint (a local stand-in, a proxy) is
// used as given, without that host prefix.
import { S3ControlClient, type S3ControlClientConfig } from '@aws-sdk/client-s3-control';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DEFAULT_REGION, credentialProviderFor, type ConnectionConfig } from '../s3/connection';

export interface ControlClientOptions {
  secretAccessKey?: string;
  /** The S3 Control endpoint (default: AWS's, from the region). */
  endpoint?: string;
  maxAttempts?: number;
  /** Credentials to reuse (e.g. the S3 client's), instead of resolving the connection's again. */
  credentials?: S3ControlClientConfig['credentials'];
}

export function createS3ControlClient(conn: ConnectionConfig, opts: ControlClientOptions = {}): S3ControlClient {
  return new S3ControlClient({
    region: conn.region ?? DEFAULT_REGION,
    credentials: opts.credentials ?? credentialProviderFor(conn.credentials, opts.secretAccessKey),
    maxAttempts: opts.maxAttempts ?? 5,
    retryMode: 'adaptive',
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5000 }),
    // The endpoint rules would put the account id in front of any host (111122223333.127.0.0.1): not a host.
    ...(opts.endpoint ? { endpointProvider: () => ({ url: new URL(opts.endpoint!) }), disableHostPrefix: true } : {}),
  });
}
