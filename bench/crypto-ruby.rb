# Ruby EncryptionV2 peer for bench/crypto.bench.ts: encrypts then decrypts a file with the same classes
# Aws::S3::EncryptionV2::Client uses for put_object/get_object (DefaultCipherProvider, IOEncrypter,
# IOAuthDecrypter), file to file, without the HTTP part. Usage: ruby crypto-ruby.rb IN OUT_DIR
# Prints {"encryptSeconds":..,"decryptSeconds":..,"ok":true|false}.
require 'json'
require 'openssl'
require 'aws-sdk-s3'

input, out_dir = ARGV
key = OpenSSL::Random.random_bytes(32)
provider = Aws::S3::EncryptionV2::DefaultCipherProvider.new(
  key_provider: Aws::S3::EncryptionV2::DefaultKeyProvider.new(encryption_key: key),
  key_wrap_schema: :aes_gcm, content_encryption_schema: :aes_gcm_no_padding
)
body_path = File.join(out_dir, 'ruby.body')
plain_path = File.join(out_dir, 'ruby.plain')

t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
envelope, cipher = provider.encryption_cipher
File.open(input, 'rb') do |io|
  enc = Aws::S3::EncryptionV2::IOEncrypter.new(cipher, io)
  File.open(body_path, 'wb') do |out|
    while (chunk = enc.read(1024 * 1024))
      out.write(chunk)
    end
  end
  enc.close
end
t1 = Process.clock_gettime(Process::CLOCK_MONOTONIC)

size = File.size(body_path)
dcipher = provider.decryption_cipher(envelope, security_profile: :v2)
File.open(body_path, 'rb') do |io|
  io.seek(size - 16)
  dcipher.auth_tag = io.read(16)
  dcipher.auth_data = ''
  io.seek(0)
  File.open(plain_path, 'wb') do |out|
    dec = Aws::S3::EncryptionV2::IOAuthDecrypter.new(cipher: dcipher, io: out, encrypted_content_length: size - 16)
    while (chunk = io.read(1024 * 1024))
      dec.write(chunk)
    end
    dec.finalize
  end
end
t2 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
puts JSON.generate(encryptSeconds: t1 - t0, decryptSeconds: t2 - t1, ok: File.size(plain_path) == File.size(input))
File.delete(body_path, plain_path)
