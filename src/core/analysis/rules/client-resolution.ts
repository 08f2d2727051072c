// Which client an operation goes through, and whether that client's transport is plain text. Shared by the rules
// that care about the client behind a call (today s3-sse-c-over-http).
import { parseHttpUrl } from '../urls';
import type { ClientFact, FileFacts, OperationFact, Prop } from '../types';

/**
 * `this.s3`, `self.s3`, `@s3`, `s.s3` and `s3` name the same client; so do `getClient(region)` and the factory
 * `getClient()`, a field `amazonS3` and the bean method `amazonS3()` that makes it, and `s3.meta.client` and `s3`.
 */
const RECEIVER_KEYS = new Map<string, string>();

export function receiverKey(name: string): string {
  // Asked for every pair of operation and client: remembered (bounded: names come from the input).
  const known = RECEIVER_KEYS.get(name);
  if (known !== undefined) return known;
  if (RECEIVER_KEYS.size >= 4096) RECEIVER_KEYS.clear();
  const key = computeReceiverKey(name);
  RECEIVER_KEYS.set(name, key);
  return key;
}

function computeReceiverKey(name: string): string {
  // boto3 `resource.meta.client` is the resource's own client.
  const called = name.replace(/\((?:[^()]|\([^()]*\))*\)$/, '').replace(/\.meta\.client$/, '');
  const parts = called.replace(/^@/, '').split(/\.|::|->/);
  return parts[parts.length - 1] ?? called;
}

/**
 * Of several clients under one name (`@client` in two classes of a file), the last one made before the call;
 * a call that comes first (a method defined above the constructor) takes the file's last one.
 */
function nearestBefore(clients: readonly ClientFact[], op: OperationFact): ClientFact {
  // Offsets of clients made in another file say nothing about order here: the last one wins, as before.
  if (clients.some((c) => c.imported)) return clients[clients.length - 1];
  const before = clients.filter((c) => c.range.start < op.range.start);
  return before.length ? before[before.length - 1] : clients[clients.length - 1];
}

/** Among clients of one name, the one local to the operation's function, else a module-level one, else any. */
function sameScope(clients: ClientFact[], op: OperationFact): ClientFact {
  const local = op.scope === undefined ? [] : clients.filter((c) => c.scope === op.scope);
  if (local.length) return local[local.length - 1];
  const global = clients.filter((c) => c.scope === undefined);
  return nearestBefore(global.length ? global : clients, op);
}

export function clientOf(facts: FileFacts, op: OperationFact): ClientFact | undefined {
  if (op.inlineClient?.options.props.some((p) => p.name === 'endpoint')) return op.inlineClient;
  if (op.receiver) {
    // The same spelling first (`self.s3` over a local `s3` elsewhere), then the same name however it is reached.
    const exact = facts.clients.filter((c) => c.variable === op.receiver);
    if (exact.length) return sameScope(exact, op);
    const key = receiverKey(op.receiver);
    const matches = facts.clients.filter((c) => c.variable !== undefined && receiverKey(c.variable) === key);
    if (matches.length) return nearestBefore(matches, op);
  }
  return undefined;
}

export interface InsecureTransport {
  /** The setting that makes the transport plain text: an http:// endpoint or TLS switched off. */
  prop: Prop;
  kind: 'http' | 'tls-off';
  /** Every such setting on the client (an http:// endpoint and use_ssl=False together need both fixed). */
  all: Array<{ prop: Prop; kind: 'http' | 'tls-off' }>;
}

/** Settings that turn TLS off (not just certificate checks) when they have this boolean value. */
const PLAINTEXT_SWITCHES: Partial<Record<Prop['name'], boolean>> = {
  sslEnabled: false,
  tls: false,
  useSsl: false,
  disableSsl: true,
};

function ownInsecurity(client: ClientFact): InsecureTransport | undefined {
  const all: InsecureTransport['all'] = [];
  for (const p of client.options.props) {
    // A computed endpoint whose literal start is http:// is plain text whatever the host (loopback included for SSE-C).
    const endpoint = p.value.str ?? (p.value.prefix && /^http:\/\//i.test(p.value.prefix) ? p.value.prefix : undefined);
    if (p.name === 'endpoint' && endpoint !== undefined && parseHttpUrl(endpoint)) all.push({ prop: p, kind: 'http' });
    const off = PLAINTEXT_SWITCHES[p.name];
    if (off !== undefined && p.value.bool === off) all.push({ prop: p, kind: 'tls-off' });
  }
  return all.length ? { ...all[0], all } : undefined;
}

/** Follows `derivesFrom` links (client <- factory <- session <- config). */
export function insecureTransport(
  facts: FileFacts,
  client: ClientFact | undefined,
  depth = 0,
): InsecureTransport | undefined {
  if (!client || depth > 6) return undefined;
  const own = ownInsecurity(client);
  // A client's own endpoint replaces whatever it derives from; without one, the settings it inherits still apply
  // (an http:// base endpoint on the config and DisableHTTPS on the client both need fixing).
  if (client.options.props.some((p) => p.name === 'endpoint') || !client.derivesFrom) return own;
  const from = receiverKey(client.derivesFrom);
  const parents = facts.clients.filter(
    (c) => c !== client && c.variable !== undefined && receiverKey(c.variable) === from,
  );
  const inherited = insecureTransport(facts, parents[parents.length - 1], depth + 1);
  if (!own || !inherited) return own ?? inherited;
  return { ...own, all: [...own.all, ...inherited.all] };
}

/**
 * The insecure transport an operation uses. When its receiver cannot be tied to a client (a struct field, a
 * parameter, a global configuration), it falls back to the file's clients: only when every client the file
 * configures is insecure, since then whichever one is used, the call goes out in plain text.
 */
export function operationTransport(facts: FileFacts, op: OperationFact): InsecureTransport | undefined {
  const client = clientOf(facts, op);
  if (client) return insecureTransport(facts, client);
  // Self-contained commands (aws cli) name their client in full: nothing to guess.
  if (op.inlineClient) return undefined;
  const configured = facts.clients.filter(
    (c) =>
      !c.imported &&
      !c.generic &&
      c.options.props.some((p) => p.name === 'endpoint' || PLAINTEXT_SWITCHES[p.name] !== undefined),
  );
  if (!configured.length) return undefined;
  const states = configured.map((c) => insecureTransport(facts, c));
  return states.every((s) => s !== undefined) ? states[0] : undefined;
}
