// Recognises a transfer that failed because the connection did (reset, refused, timed out, closed early), as
// opposed to an S3 answer or a local file error. Node reports these with errno-style codes that look like
// file-system ones (ECONNRESET has syscall "read"), so the code alone must decide.
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

interface NetworkErrorShape {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

export function isConnectionFailure(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as NetworkErrorShape;
  // An HTTP status means the server answered: that is an S3 error, not a lost connection.
  if (e.$metadata?.httpStatusCode !== undefined) return false;
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  if (e.name === 'TimeoutError') return true;
  if (typeof e.message === 'string' && /^(socket hang up|aborted|premature close)$/i.test(e.message)) return true;
  return isConnectionFailure(e.cause, depth + 1);
}

/** The code or short message of a connection failure, for a one-line error. */
export function describeNetworkError(err: unknown): string {
  const e = (err ?? {}) as NetworkErrorShape;
  if (typeof e.code === 'string') return e.code;
  if (typeof e.message === 'string' && e.message.length < 80) return e.message;
  return typeof e.name === 'string' ? e.name : 'connection error';
}
