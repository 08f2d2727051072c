// Typed S3 faults: every failure the explorer and `s3enc ls` can hit is turned into one S3Fault with a kind
// and a message a user can act on. Raw SDK errors are classified here once, so callers never inspect
// HTTP status codes or error names themselves.

export type S3FaultKind =
  | 'AccessDenied'
  | 'EndpointUnreachable'
  | 'WrongRegion'
  | 'Throttled'
  | 'ExpiredCredentials'
  | 'InvalidCredentials'
  | 'NoSuchBucket'
  | 'Failed';

export interface FaultContext {
  /** The S3 API call, e.g. "ListObjectsV2". */
  operation: string;
  bucket?: string;
  key?: string;
  /** Profile name, used in the `aws sso login` hint. */
  profile?: string;
  endpoint?: string;
}

export class S3Fault extends Error {
  override readonly name = 'S3Fault';
  constructor(
    readonly kind: S3FaultKind,
    message: string,
    readonly operation: string,
    /** For WrongRegion: where the bucket really lives, when S3 said so. */
    readonly region?: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
  /** The CLI prints `<code>: <message>`. */
  get code(): S3FaultKind {
    return this.kind;
  }
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  Region?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
  cause?: unknown;
}

const EXPIRED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'RequestExpired',
  'InvalidGrantException',
  'UnauthorizedException',
]);
const INVALID_CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'InvalidClientTokenId',
]);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

function describeTarget(ctx: FaultContext): string {
  if (ctx.bucket && ctx.key) return ` on s3://${ctx.bucket}/${ctx.key}`;
  if (ctx.bucket) return ` on bucket ${ctx.bucket}`;
  return '';
}

/** The region S3 names in a redirect or region-mismatch answer, if any. */
export function regionFromError(err: unknown): string | undefined {
  const e = err as SdkErrorShape;
  const header = e?.$response?.headers?.['x-amz-bucket-region'];
  return header || e?.Region || undefined;
}

/** Turns any error thrown by an S3 call (or its credential provider) into an S3Fault. */
export function toS3Fault(err: unknown, ctx: FaultContext): S3Fault {
  if (err instanceof S3Fault) return err;
  const e = (err ?? {}) as SdkErrorShape;
  const name = e.Code ?? e.name ?? '';
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const netCode = e.code ?? (e.cause as SdkErrorShape | undefined)?.code ?? '';
  const where = describeTarget(ctx);
  const raw = (e.message ?? String(err)).split('\n')[0];

  if (EXPIRED.has(name) || (isCredentialError(e) && /expired|sso session|refresh token/i.test(raw))) {
    const login = ctx.profile ? `aws sso login --profile ${ctx.profile}` : 'aws sso login';
    return new S3Fault(
      'ExpiredCredentials',
      `Credentials have expired (${ctx.operation}${where}). Refresh them, e.g. run \`${login}\`, then retry.`,
      ctx.operation,
      undefined,
      status,
    );
  }
  if (isCredentialError(e)) {
    return new S3Fault('InvalidCredentials', `No usable credentials (${ctx.operation}): ${raw}`, ctx.operation);
  }
  if (INVALID_CREDENTIALS.has(name)) {
    return new S3Fault(
      'InvalidCredentials',
      `The access key was rejected (${name}, ${ctx.operation}${where}). Check the key id and secret of this connection.`,
      ctx.operation,
      undefined,
      status,
    );
  }
  if (name === 'AccessDenied' || name === 'Forbidden' || name === 'AllAccessDisabled' || status === 403) {
    return new S3Fault(
      'AccessDenied',
      `Access denied: ${ctx.operation}${where} is not allowed for these credentials.`,
      ctx.operation,
      undefined,
      403,
    );
  }
  const region = regionFromError(err);
  if (
    name === 'PermanentRedirect' ||
    name === 'AuthorizationHeaderMalformed' ||
    status === 301 ||
    (status === 400 && region && name !== 'BadRequest')
  ) {
    return new S3Fault(
      'WrongRegion',
      region
        ? `The bucket${ctx.bucket ? ` ${ctx.bucket}` : ''} is in region ${region}, not the one this request used.`
        : `The bucket${ctx.bucket ? ` ${ctx.bucket}` : ''} is in another region and S3 did not say which; set the connection's region.`,
      ctx.operation,
      region,
      status,
    );
  }
  if (THROTTLED.has(name) || status === 503 || status === 429) {
    return new S3Fault(
      'Throttled',
      `S3 is throttling requests (${name || status}) and retries with backoff were exhausted (${ctx.operation}${where}). Try again later or lower s3enc.explorer.headObjectConcurrency.`,
      ctx.operation,
      undefined,
      status,
    );
  }
  if (name === 'NoSuchBucket') {
    return new S3Fault(
      'NoSuchBucket',
      `Bucket ${ctx.bucket ?? ''} does not exist (any more).`,
      ctx.operation,
      undefined,
      404,
    );
  }
  if (
    NETWORK_CODES.has(netCode) ||
    name === 'TimeoutError' ||
    /socket timed out|ECONNREFUSED|connect ETIMEDOUT/i.test(raw)
  ) {
    return new S3Fault(
      'EndpointUnreachable',
      `The endpoint ${ctx.endpoint ?? 'S3'} does not answer (${netCode || name}). Check the URL, the network, or whether the service is running.`,
      ctx.operation,
    );
  }
  return new S3Fault(
    'Failed',
    `${ctx.operation}${where} failed: ${name ? `${name}: ` : ''}${raw}`,
    ctx.operation,
    undefined,
    status,
  );
}

function isCredentialError(e: SdkErrorShape): boolean {
  return e.name === 'CredentialsProviderError' || e.name === 'TokenProviderError';
}

/** Runs an S3 call and rethrows any failure as an S3Fault. */
export async function withFault<T>(ctx: FaultContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toS3Fault(err, ctx);
  }
}
