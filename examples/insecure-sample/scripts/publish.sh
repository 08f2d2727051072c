#!/bin/bash
# Publishes the site build.
set -euo pipefail
aws s3 sync ./build s3://corp-site/
aws s3 cp ./build/index.html s3://corp-site/index.html --sse AES-256 --no-verify-ssl
