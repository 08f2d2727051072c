export * from './key-material';
export * from './key-entry';
