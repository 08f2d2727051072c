// Archival with the S3 Encryption Client (Java).
import software.amazon.encryption.s3.S3EncryptionClient;

class Archive {
  S3Client client(SecretKey key) {
    return S3EncryptionClient.builder()
        .aesKey(key)
        .enableLegacyUnauthenticatedModes(true)
        .build();
  }
}
