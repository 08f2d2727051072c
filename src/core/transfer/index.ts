// Transfer engine: uploads, downloads, copies and re-encryption in every SSE and CSE mode. No vscode import.
export * from './errors';
export * from './sse-params';
export * from './progress';
export * from './upload';
export * from './download';
export * from './copy';
export * from './cse-transfer';
export * from './file-transfers';
export * from './copy-job';
export * from './change-encryption';
export * from './bucket-actions';
export * from './mandatory-mode';
export * from './keyring-factory';
export * from './locations';
export { guardKmsKey } from './kms-key-guard';
