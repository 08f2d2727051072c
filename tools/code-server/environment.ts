// What a person would set up before opening VS Code: an AWS profile for local RGW, the extension's
// connection setting pointing at it, and a workspace folder. Shared by the browser e2e suite, the
// integration suite in code-server, @vscode/test-electron and `npm run demo`.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveEnv } from '../live/live-env';

/** The AWS profile the connection uses; its keys are written to a credentials file of our own. */
export const PROFILE = 's3enc-local';
/** The connection id and label the tree shows. */
export const CONNECTION_ID = 'local-rgw';
export const CONNECTION_LABEL = 'Local RGW';

export interface Environment {
  /** Temp folder holding everything below. */
  dir: string;
  /** The folder opened in the workbench (a copy of the template, so edits never touch the repo). */
  workspace: string;
  settings: Record<string, unknown>;
  /** AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE for the server and its extension host. */
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export interface EnvironmentOptions {
  /** Folder copied into the workspace. */
  workspaceTemplate: string;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
}

export function connectionSetting(live: LiveEnv): Record<string, unknown> {
  return {
    id: CONNECTION_ID,
    label: CONNECTION_LABEL,
    endpoint: live.s3Endpoint,
    forcePathStyle: true,
    region: live.region,
    credentials: { kind: 'profile', profile: PROFILE },
  };
}

export function prepareEnvironment(live: LiveEnv, opts: EnvironmentOptions): Environment {
  const dir = mkdtempSync(join(tmpdir(), 's3enc-env-'));
  try {
    return populate(dir, live, opts);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function populate(dir: string, live: LiveEnv, opts: EnvironmentOptions): Environment {
  const aws = join(dir, 'aws');
  mkdirSync(aws);
  const credentials = join(aws, 'credentials');
  const config = join(aws, 'config');
  writeFileSync(
    credentials,
    `[${PROFILE}]\naws_access_key_id = ${live.accessKeyId}\naws_secret_access_key = ${live.secretAccessKey}\n`,
    { mode: 0o600 },
  );
  writeFileSync(config, `[profile ${PROFILE}]\nregion = ${live.region}\n`);
  const workspace = join(dir, 'workspace');
  cpSync(opts.workspaceTemplate, workspace, { recursive: true });

  const settings: Record<string, unknown> = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'window.commandCenter': false,
    'editor.minimap.enabled': false,
    'chat.commandCenter.enabled': false,
    'files.autoSave': 'off',
    'remote.autoForwardPorts': false,
    's3enc.connections': [connectionSetting(live)],
    // Local RGW is plain http on loopback; SSE-C keys may go there only with this explicit opt-in.
    's3enc.transfers.allowSseCOverHttpLoopback': true,
    ...opts.settings,
  };
  const env: NodeJS.ProcessEnv = {
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_CONFIG_FILE: config,
    // The extension host must not pick up the machine's own AWS identity.
    AWS_PROFILE: PROFILE,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
  };
  return { dir, workspace, settings, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
