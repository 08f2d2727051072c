# Restores archived reports (Ruby, aws-sdk-s3 encryption client).
require 'aws-sdk-s3'

def restore_client(key)
  Aws::S3::EncryptionV2::Client.new(
    encryption_key: key,
    key_wrap_schema: :aes_gcm,
    content_encryption_schema: :aes_gcm_no_padding,
    security_profile: :v2_and_legacy
  )
end
