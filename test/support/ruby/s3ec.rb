# Drives the AWS S3 Encryption Client for Ruby (Aws::S3::EncryptionV2::Client, Debian ruby-aws-sdk-s3)
# against an S3 endpoint, as an interop peer for tests and benchmarks.
#
# Reads one JSON request on stdin (so secrets never appear in the process list):
#   op            "put" (encrypt file -> object) | "get" (object -> decrypted file)
#   s3            {endpoint, region, accessKeyId, secretAccessKey}
#   bucket, key, file
#   wrap          "aes" | "rsa" | "kms"
#   keyFile       AES key (hex) or RSA private key (PEM)            (aes, rsa)
#   kms           {endpoint, region, keyId}                          (kms)
#   context       KMS encryption context (object), default {}
#   envelope      "metadata" (default) | "instruction_file"
#   legacy        true -> security_profile :v2_and_legacy
# Writes one JSON line: {"ok":true,"seconds":S} or {"ok":false,"error":"<class>","message":"..."}.
require 'json'
require 'openssl'
require 'aws-sdk-s3'
require 'aws-sdk-kms'

req = JSON.parse($stdin.read)
s3 = req.fetch('s3')
creds = Aws::Credentials.new(s3.fetch('accessKeyId'), s3.fetch('secretAccessKey'))
client = Aws::S3::Client.new(endpoint: s3.fetch('endpoint'), region: s3.fetch('region'),
                             credentials: creds, force_path_style: true)

options = {
  client: client,
  content_encryption_schema: :aes_gcm_no_padding,
  security_profile: req['legacy'] ? :v2_and_legacy : :v2,
  envelope_location: (req['envelope'] || 'metadata').to_sym
}
case req.fetch('wrap')
when 'aes'
  options[:encryption_key] = [File.read(req.fetch('keyFile')).strip].pack('H*')
  options[:key_wrap_schema] = :aes_gcm
when 'rsa'
  options[:encryption_key] = OpenSSL::PKey::RSA.new(File.read(req.fetch('keyFile')))
  options[:key_wrap_schema] = :rsa_oaep_sha1
when 'kms'
  kms = req.fetch('kms')
  options[:kms_client] = Aws::KMS::Client.new(endpoint: kms.fetch('endpoint'), region: kms['region'] || 'us-east-1',
                                              credentials: Aws::Credentials.new('local', 'local'))
  # aws-sdk-kms 1.24 (Debian) predates Decrypt's KeyId parameter and rejects it, so reads use any-CMK
  # mode (the blob itself names the key); writes use the given key id.
  options[:kms_key_id] = req.fetch('op') == 'get' ? :kms_allow_decrypt_with_any_cmk : kms.fetch('keyId')
  options[:key_wrap_schema] = :kms_context
else
  raise ArgumentError, "unknown wrap #{req['wrap']}"
end

started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
begin
  enc = Aws::S3::EncryptionV2::Client.new(options)
  params = { bucket: req.fetch('bucket'), key: req.fetch('key') }
  params[:kms_encryption_context] = req['context'] || {} if req['wrap'] == 'kms'
  if req.fetch('op') == 'put'
    File.open(req.fetch('file'), 'rb') { |f| enc.put_object(params.merge(body: f)) }
  else
    enc.get_object(params.merge(response_target: req.fetch('file')))
  end
  puts JSON.generate(ok: true, seconds: Process.clock_gettime(Process::CLOCK_MONOTONIC) - started)
rescue StandardError => e
  puts JSON.generate(ok: false, error: e.class.name, message: e.message.lines.first.to_s.strip)
  exit 1
end
