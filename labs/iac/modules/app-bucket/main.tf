# An S3 bucket for application data, with the settings every such bucket needs:
# private, versioned, encrypted at rest, tagged.

resource "aws_s3_bucket" "this" {
  bucket        = var.name
  force_destroy = var.force_destroy
  tags          = var.tags
}

# No public access, whatever a future ACL or bucket policy says.
resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Every overwrite or delete keeps the previous version: an export overwritten by mistake can be
# restored. Old versions are billed like any other object, so production buckets add a
# lifecycle rule that expires noncurrent versions after some days.
resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    # With a KMS key, a bucket key cuts the number of (billed) KMS requests.
    bucket_key_enabled = var.kms_key_arn == null ? null : true
  }
}
