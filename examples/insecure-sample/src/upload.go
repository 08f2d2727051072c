// Uploads from the ingest service (Go, AWS SDK v1).
package main

import (
	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/s3"
	"github.com/aws/aws-sdk-go/service/s3/s3crypto"
)

func upload(svc *s3.S3) {
	svc.PutObject(&s3.PutObjectInput{Bucket: aws.String("ingest"), Key: aws.String("k"), ServerSideEncryption: aws.String("aws-kms")})
	client := s3crypto.NewEncryptionClient(sess, s3crypto.AESGCMContentCipherBuilder(handler))
	_ = client
}
