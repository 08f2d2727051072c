// The objects the seeded test bucket holds, one per encryption mode the explorer must tell apart. At the
// bucket root, so expanding the bucket shows all four at once. No imports: the extension-host suite uses it too.
export const FIXTURE_KEYS = {
  none: 'readme.txt',
  sseKms: 'report-kms.csv',
  sseC: 'secret-ssec.bin',
  cse: 'ledger-cse.json',
} as const;

/** Environment variable that tells the extension-host suite which bucket was seeded. */
export const FIXTURE_BUCKET_VAR = 'S3ENC_FIXTURE_BUCKET';
