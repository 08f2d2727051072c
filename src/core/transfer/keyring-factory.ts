// Moved to core/crypto/keyring-factory (one factory for the CLI and the extension); kept for importers.
export { createKmsClient, keyringFor, type CseKeySource, type KmsClientOptions } from '../crypto/keyring-factory';
