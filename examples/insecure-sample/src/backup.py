"""Nightly backup to S3 (Python, boto3)."""
import boto3

s3 = boto3.client("s3", endpoint_url="http://backup.corp.example", verify=False)


def upload(path: str) -> None:
    s3.upload_file(path, "backups", path)
    s3.put_object(Bucket="backups", Key="latest", Body=b"", SSEKMSKeyId="alias/backups")
