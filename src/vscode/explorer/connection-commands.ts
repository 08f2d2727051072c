// Add / edit / remove connections with QuickPick and InputBox flows. Secrets typed by the user go to
// SecretStorage through the connections service; settings only get the non-secret parts.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { listAwsProfiles } from '../../core/s3/aws-profiles';
import type { ConnectionConfig, CredentialSource } from '../../core/s3/connection';
import type { ConnectionsService } from './connections-service';
import { connectionIdFrom } from './node-ref';

type Kind = 'profile' | 'environment' | 'endpoint';

interface Draft {
  credentials?: CredentialSource;
  secret?: string;
}

async function pickKind(): Promise<Kind | undefined> {
  const items: (vscode.QuickPickItem & { choice: Kind })[] = [
    {
      choice: 'profile',
      label: '$(account) AWS profile',
      detail: 'From ~/.aws/config and ~/.aws/credentials (keys, SSO, credential_process)',
    },
    {
      choice: 'environment',
      label: '$(terminal) Environment variables',
      detail: 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN of the VS Code process',
    },
    {
      choice: 'endpoint',
      label: '$(server) S3-compatible endpoint',
      detail: 'Custom URL (Ceph RGW, MinIO, R2, ...) with a profile or an access key',
    },
  ];
  return (
    await vscode.window.showQuickPick(items, {
      title: 'Add S3 connection',
      placeHolder: 'Where do the credentials come from?',
    })
  )?.choice;
}

async function pickProfile(current?: string): Promise<{ profile: string; region?: string } | undefined> {
  const profiles = await listAwsProfiles();
  if (profiles.length === 0) {
    void vscode.window.showWarningMessage(
      'No AWS profiles found in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE).',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    profiles.map((p) => ({
      label: p.name,
      description: [p.region, p.sources.join(' + ')].filter(Boolean).join(' · '),
      picked: p.name === current,
      profile: p,
    })),
    { title: 'AWS profile', placeHolder: 'Choose a profile' },
  );
  return picked ? { profile: picked.profile.name, region: picked.profile.region } : undefined;
}

async function askEndpointCredentials(draft: Draft, current?: ConnectionConfig): Promise<boolean> {
  const how = await vscode.window.showQuickPick(
    [
      { label: '$(key) Access key and secret', id: 'static' as const },
      { label: '$(account) AWS profile', id: 'profile' as const },
    ],
    { title: 'Credentials for this endpoint' },
  );
  if (!how) return false;
  if (how.id === 'profile') {
    const p = await pickProfile(current?.credentials.kind === 'profile' ? current.credentials.profile : undefined);
    if (!p) return false;
    draft.credentials = { kind: 'profile', profile: p.profile };
    return true;
  }
  const accessKeyId = await vscode.window.showInputBox({
    title: 'Access key id',
    value: current?.credentials.kind === 'static' ? current.credentials.accessKeyId : '',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Enter the access key id'),
  });
  if (!accessKeyId) return false;
  const secret = await vscode.window.showInputBox({
    title: 'Secret access key (stored in VS Code SecretStorage, never in settings)',
    password: true,
    ignoreFocusOut: true,
    placeHolder: current ? 'Leave empty to keep the stored secret' : '',
    validateInput: (v) => (v || current ? undefined : 'Enter the secret access key'),
  });
  if (secret === undefined) return false;
  draft.credentials = { kind: 'static', accessKeyId: accessKeyId.trim() };
  draft.secret = secret || undefined;
  return true;
}

async function askEndpoint(
  current?: ConnectionConfig,
): Promise<{ endpoint: string; forcePathStyle: boolean } | undefined> {
  const endpoint = await vscode.window.showInputBox({
    title: 'Endpoint URL',
    value: current?.endpoint ?? 'http://127.0.0.1:7480',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'Use an http:// or https:// URL';
      } catch {
        return 'Enter a URL such as https://s3.example.com';
      }
    },
  });
  if (!endpoint) return undefined;
  const style = await vscode.window.showQuickPick(
    [
      {
        label: 'Path-style (http://host/bucket/key)',
        description: 'needed by most S3-compatible services',
        value: true,
      },
      { label: 'Virtual-hosted style (http://bucket.host/key)', value: false },
    ],
    { title: 'Addressing style' },
  );
  return style ? { endpoint, forcePathStyle: style.value } : undefined;
}

async function askRegionAndLabel(defaults: {
  region?: string;
  label: string;
}): Promise<{ region?: string; label: string } | undefined> {
  const region = await vscode.window.showInputBox({
    title: "Region (empty = the profile's region, else us-east-1)",
    value: defaults.region ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => (!v || /^[a-z0-9-]+$/.test(v) ? undefined : 'A region looks like eu-west-1'),
  });
  if (region === undefined) return undefined;
  const label = await vscode.window.showInputBox({
    title: 'Name shown in the explorer',
    value: defaults.label,
    ignoreFocusOut: true,
  });
  if (!label) return undefined;
  return { region: region || undefined, label };
}

/** Runs the add (no `current`) or edit flow; returns the connection and the secret to store. */
async function connectionFlow(
  current?: ConnectionConfig,
): Promise<{ conn: ConnectionConfig; secret?: string } | undefined> {
  const kind: Kind | undefined = current
    ? current.endpoint
      ? 'endpoint'
      : current.credentials.kind === 'environment'
        ? 'environment'
        : 'profile'
    : await pickKind();
  if (!kind) return undefined;
  const draft: Draft = {};
  let endpoint: { endpoint: string; forcePathStyle: boolean } | undefined;
  let suggestedRegion = current?.region;
  let suggestedLabel = current?.label ?? '';
  if (kind === 'profile') {
    const p = await pickProfile(current?.credentials.kind === 'profile' ? current.credentials.profile : undefined);
    if (!p) return undefined;
    draft.credentials = { kind: 'profile', profile: p.profile };
    suggestedRegion ??= p.region;
    suggestedLabel ||= `AWS (${p.profile})`;
  } else if (kind === 'environment') {
    draft.credentials = { kind: 'environment' };
    suggestedLabel ||= 'AWS (environment)';
  } else {
    endpoint = await askEndpoint(current);
    if (!endpoint || !(await askEndpointCredentials(draft, current))) return undefined;
    suggestedLabel ||= new URL(endpoint.endpoint).host;
  }
  const named = await askRegionAndLabel({ region: suggestedRegion, label: suggestedLabel });
  if (!named || !draft.credentials) return undefined;
  const conn: ConnectionConfig = {
    id: current?.id ?? randomUUID(),
    label: named.label,
    credentials: draft.credentials,
    region: named.region,
  };
  if (endpoint) {
    conn.endpoint = endpoint.endpoint;
    conn.forcePathStyle = endpoint.forcePathStyle;
  }
  return { conn, secret: draft.secret };
}

async function pickConnection(
  service: ConnectionsService,
  arg: unknown,
  title: string,
): Promise<ConnectionConfig | undefined> {
  const fromArg = connectionIdFrom(arg);
  if (fromArg) return service.getConnection(fromArg);
  const picked = await vscode.window.showQuickPick(
    service.getConnections().map((c) => ({ label: c.label, description: c.endpoint ?? 'AWS', conn: c })),
    { title },
  );
  return picked?.conn;
}

export function connectionCommands(service: ConnectionsService): Record<string, (arg?: unknown) => Promise<void>> {
  return {
    's3enc.addConnection': async () => {
      const result = await connectionFlow();
      if (result) await service.add(result.conn, result.secret);
    },
    's3enc.editConnection': async (arg) => {
      const current = await pickConnection(service, arg, 'Edit S3 connection');
      if (!current) return;
      const result = await connectionFlow(current);
      if (result) await service.update(result.conn, result.secret);
    },
    's3enc.removeConnection': async (arg) => {
      const conn = await pickConnection(service, arg, 'Remove S3 connection');
      if (!conn) return;
      const ok = await vscode.window.showWarningMessage(
        `Remove the connection "${conn.label}"? Its stored secret is deleted too.`,
        { modal: true },
        'Remove',
      );
      if (ok === 'Remove') await service.remove(conn.id);
    },
  };
}
