// A local stand-in for S3's inventory-configuration API, which Ceph RGW lacks (it answers
// ListBucketInventoryConfigurations with an empty list and rejects PutBucketInventoryConfiguration). It sits in
// front of RGW: requests on the `?inventory` subresource are answered here in S3's REST-XML wire format (the
// shapes of the SDK's models and AWS's documented examples); every other request is forwarded to RGW unchanged,
// Host header included, so RGW still checks its SigV4 signature. Configurations live in memory.
// Labelled as a stand-in: it does not verify signatures on the inventory calls and never writes reports.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface InventoryStandIn {
  endpoint: string;
  /** bucket → id → the InventoryConfiguration XML element as received. */
  configurations: Map<string, Map<string, string>>;
  /** Seeds a configuration as if PutBucketInventoryConfiguration had been called. */
  put(bucket: string, id: string, xml: string): void;
  close(): Promise<void>;
}

function bucketOf(req: IncomingMessage): string {
  return decodeURIComponent((req.url ?? '/').split('?')[0].split('/')[1] ?? '');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The element without its XML declaration and namespace, ready to nest in a list. */
function bareElement(xml: string): string {
  return xml
    .replace(/<\?xml[^>]*\?>\s*/, '')
    .replace(/\s+xmlns="[^"]*"/, '')
    .trim();
}

function xmlError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

export async function startInventoryStandIn(upstream: string): Promise<InventoryStandIn> {
  const target = new URL(upstream);
  const configurations = new Map<string, Map<string, string>>();
  const forBucket = (b: string): Map<string, string> => {
    let m = configurations.get(b);
    if (!m) configurations.set(b, (m = new Map<string, string>()));
    return m;
  };

  const handleInventory = async (req: IncomingMessage, res: ServerResponse, params: URLSearchParams): Promise<void> => {
    const bucket = bucketOf(req);
    const id = params.get('id');
    const configs = forBucket(bucket);
    if (req.method === 'PUT') {
      if (!id) return xmlError(res, 400, 'InvalidArgument', 'The id query parameter is required.');
      const body = await readBody(req);
      if (!body.includes(`<Id>${id}</Id>`))
        return xmlError(res, 400, 'InvalidArgument', 'The configuration Id must match the id query parameter.');
      configs.set(id, bareElement(body));
      res.writeHead(200).end();
      return;
    }
    if (req.method === 'DELETE') {
      if (!id || !configs.delete(id))
        return xmlError(res, 404, 'NoSuchConfiguration', 'The specified configuration does not exist.');
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && id) {
      const xml = configs.get(id);
      if (!xml) return xmlError(res, 404, 'NoSuchConfiguration', 'The specified configuration does not exist.');
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n${xml.replace('<InventoryConfiguration>', `<InventoryConfiguration xmlns="${NS}">`)}`,
      );
      return;
    }
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListInventoryConfigurationsResult xmlns="${NS}">${[...configs.values()].join('')}<IsTruncated>false</IsTruncated></ListInventoryConfigurationsResult>`,
      );
      return;
    }
    xmlError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  };

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', (err) => xmlError(res, 502, 'BadGateway', err.message));
    req.pipe(out);
  };

  const server: Server = createServer((req, res) => {
    const params = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    if (params.has('inventory')) {
      handleInventory(req, res, params).catch((err: Error) => xmlError(res, 500, 'InternalError', err.message));
    } else forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    configurations,
    put: (bucket, id, xml) => forBucket(bucket).set(id, bareElement(xml)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An InventoryConfiguration element as S3 documents it. */
export function inventoryConfigurationXml(c: {
  id: string;
  destinationBucket: string;
  prefix?: string;
  format: 'CSV' | 'Parquet' | 'ORC';
  enabled?: boolean;
  fields?: string[];
  versions?: 'All' | 'Current';
}): string {
  const fields = (
    c.fields ?? ['Size', 'LastModifiedDate', 'StorageClass', 'ETag', 'EncryptionStatus', 'BucketKeyStatus']
  )
    .map((f) => `<Field>${f}</Field>`)
    .join('');
  return (
    `<InventoryConfiguration><Id>${c.id}</Id><IsEnabled>${c.enabled ?? true}</IsEnabled>` +
    `<Destination><S3BucketDestination><Format>${c.format}</Format><Bucket>arn:aws:s3:::${c.destinationBucket}</Bucket>${c.prefix ? `<Prefix>${c.prefix}</Prefix>` : ''}</S3BucketDestination></Destination>` +
    `<Schedule><Frequency>Daily</Frequency></Schedule><IncludedObjectVersions>${c.versions ?? 'All'}</IncludedObjectVersions><OptionalFields>${fields}</OptionalFields></InventoryConfiguration>`
  );
}
