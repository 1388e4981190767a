data "archive_file" "bundle" {
  type             = "zip"
  source_dir       = var.bundle.source_dir
  output_path      = "${path.root}/.terraform/bundles/${var.name}-${var.bundle.hash}.zip"
  output_file_mode = "0644"
}

# Named by the build's content hash: a new build is a new object, which redeploys the function; an unchanged
# bundle keeps its object and its function. The zip's own bytes vary with the machine (timestamps), so they
# are not compared: the name already says what is inside.
resource "google_storage_bucket_object" "bundle" {
  bucket       = var.bundle.bucket
  name         = "${var.prefix}/${var.name}/${var.bundle.hash}.zip"
  source       = data.archive_file.bundle.output_path
  content_type = "application/zip"

  lifecycle {
    ignore_changes = [detect_md5hash]
  }
}
