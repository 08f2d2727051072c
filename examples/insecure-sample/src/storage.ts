// S3 access for the reports service (TypeScript, AWS SDK v3).
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

export const storage = new S3Client({
  region: 'eu-west-1',
  endpoint: 'http://s3.eu-west-1.amazonaws.com',
});

export const archive = new S3Client({ endpoint: 'http://localhost:9000', tls: false });

export async function saveReport(body: string): Promise<void> {
  await storage.send(new PutObjectCommand({ Bucket: 'reports', Key: 'daily.csv', Body: body }));
  await storage.send(new PutObjectCommand({ Bucket: 'reports', Key: 'daily.bak', Body: body, ServerSideEncryption: 'AES-256' }));
  await archive.send(new PutObjectCommand({
    Bucket: 'archive',
    Key: 'daily.csv',
    Body: body,
    SSECustomerAlgorithm: 'AES256',
    SSECustomerKey: 'sJIjHXoiQ/p/oX88modpRVFf8S5mQy+fD8mrKFA4bBM=',
  }));
}
