// SSE-C sends the customer key in a request header, so over plain HTTP anyone on the path can read it.
// Every S3Client this product creates carries this guard as a middleware: it runs after the SDK has resolved
// the endpoint (from the connection, --endpoint, AWS_ENDPOINT_URL[_S3], a profile's endpoint_url or its
// services section: whatever the source) and before retries and signing, so a refused request is never sent.
import type { BuildMiddleware, InitializeMiddleware, Pluggable } from '@smithy/types';
import { optionHint, S3encError } from '../errors';
import { isLoopbackHost } from '../loopback';

export class SseCRequiresHttpsError extends S3encError {
  override name = 'SseCRequiresHttps';
}

/** Whether the user explicitly allowed SSE-C over plain HTTP to a loopback endpoint (local test servers). */
export type LoopbackAllowance = boolean | (() => boolean);

const KEY_HEADERS = [
  'x-amz-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
];

/** Throws unless an SSE-C key may travel to `endpoint` (a URL or the parts of one). */
export function assertSseCTransportAllowed(
  endpoint: { protocol: string; hostname: string; port?: string | number },
  allowLoopback: boolean,
): void {
  const protocol = endpoint.protocol.endsWith(':') ? endpoint.protocol : `${endpoint.protocol}:`;
  if (protocol === 'https:') return;
  const where = `${protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}`;
  if (!isLoopbackHost(endpoint.hostname)) {
    throw new SseCRequiresHttpsError(
      `SSE-C sends the encryption key in a request header, so it must only travel over HTTPS; ${where} is plain HTTP. Nothing was sent.`,
      {
        hint: optionHint('httpsEndpoint'),
      },
    );
  }
  if (allowLoopback) return;
  throw new SseCRequiresHttpsError(
    `SSE-C sends the encryption key in a request header, so S3 refuses it over plain HTTP and so do we: ${where} is plain HTTP. ` +
      `It is a loopback endpoint; for a local test server, allow SSE-C over HTTP to loopback. Nothing was sent.`,
    { hint: optionHint('allowHttpLoopback') },
  );
}

function carriesSseCKey(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((h) => KEY_HEADERS.includes(h.toLowerCase()));
}

/** Context flag: this request prepares an SSE-C write, so it is judged like one (it carries no key itself). */
const SSE_C_INTENT = 's3encSseCIntent';

/**
 * Marks a command as the first step of an SSE-C write (e.g. reading the bucket's SSE-C block), so the guard
 * refuses a plain-HTTP endpoint before even that request leaves: nothing at all reaches such an endpoint.
 */
export function markSseCIntent<C extends { middlewareStack: { add: (...a: never[]) => void } }>(command: C): C {
  const stack = command.middlewareStack as unknown as {
    add: (m: InitializeMiddleware<object, object>, o: { step: 'initialize'; name: string; override: boolean }) => void;
  };
  stack.add(
    (next, context) => (args) => {
      (context as Record<string, unknown>)[SSE_C_INTENT] = true;
      return next(args);
    },
    { step: 'initialize', name: 's3encSseCIntent', override: true },
  );
  return command;
}

/** The middleware; createS3Client installs it on every client. */
export function sseCTransportGuard<I extends object, O extends object>(
  allowLoopback: LoopbackAllowance = false,
): Pluggable<I, O> {
  const guard: BuildMiddleware<I, O> = (next, context) => async (args) => {
    const request = args.request as {
      protocol?: string;
      hostname?: string;
      port?: number;
      headers?: Record<string, string>;
    };
    if (
      request?.headers &&
      request.protocol !== undefined &&
      request.hostname !== undefined &&
      (carriesSseCKey(request.headers) || (context as Record<string, unknown>)[SSE_C_INTENT] === true)
    ) {
      assertSseCTransportAllowed(
        { protocol: request.protocol, hostname: request.hostname, port: request.port },
        typeof allowLoopback === 'function' ? allowLoopback() : allowLoopback,
      );
    }
    return next(args);
  };
  return {
    applyToStack: (stack) => {
      stack.add(guard, { step: 'build', priority: 'low', name: 's3encSseCTransportGuard', override: true });
    },
  };
}
