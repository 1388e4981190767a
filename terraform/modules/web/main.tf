# The built web app (web/dist) in a Cloud Storage bucket, served through the HTTPS load balancer's backend bucket
# (modules/https-entry routes every path the functions do not own to it). Same files, headers and caching as
# `npm start` serves them locally (scripts/local/web-app.ts).
locals {
  # Vite's manifest (.vite/) and the build stamp are build bookkeeping, not part of the app.
  files = toset([
    for f in fileset(var.dist_dir, "**") : f
    if !startswith(f, ".vite/") && f != ".build-stamp" && f != "config.json"
  ])

  # By extension, as scripts/local/web-app.ts TYPES.
  content_types = {
    html  = "text/html; charset=utf-8"
    js    = "text/javascript; charset=utf-8"
    mjs   = "text/javascript; charset=utf-8"
    css   = "text/css; charset=utf-8"
    json  = "application/json; charset=utf-8"
    svg   = "image/svg+xml"
    png   = "image/png"
    jpg   = "image/jpeg"
    ico   = "image/x-icon"
    webp  = "image/webp"
    woff2 = "font/woff2"
    txt   = "text/plain; charset=utf-8"
    map   = "application/json; charset=utf-8"
  }
  extension = { for f in local.files : f => lower(element(split(".", f), length(split(".", f)) - 1)) }

  # Vite names everything under assets/ by content hash: a changed file is a new URL, so it is cached for a year.
  # Everything else (index.html, config.json, favicon, theme-init.js) keeps its URL across builds: revalidated.
  immutable = "public, max-age=31536000, immutable"

  # Files at the top of the app (index.html, favicon.svg, theme-init.js, config.json): served as they are; every
  # other path outside assets/ is the app's own route and gets index.html (modules/https-entry `web`).
  root_files = sort(concat(["config.json"], [for f in local.files : f if !strcontains(f, "/")]))

  # What the browser may load: scripts and styles from this origin only, Supabase Auth besides it for fetches.
  supabase_origin = regex("^https://[^/]+", var.app_config.supabase_url)
  security_headers = [
    "Content-Security-Policy: default-src 'self'; connect-src 'self' ${local.supabase_origin}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Frame-Options: DENY",
    "X-Content-Type-Options: nosniff",
    "Referrer-Policy: strict-origin-when-cross-origin",
  ]
}

resource "google_storage_bucket" "web" {
  project                     = var.project_id
  name                        = "${var.project_id}-${var.prefix}-web"
  location                    = var.location
  uniform_bucket_level_access = true
  # Public read (below): the bucket holds nothing but the public app.
  public_access_prevention = "inherited"
  # Replaced files are old builds: nothing to keep.
  force_destroy = true

  # A path no object has answers 404 from the bucket: only assets/ reach it that way (the URL map sends every other
  # unknown path to index.html). No not_found_page: it would answer deep links with status 404.
  website {
    main_page_suffix = "index.html"
  }
}

# Public read of objects, which backend buckets read as: the global external Application Load Balancer fetches a
# backend bucket's objects anonymously (Google's "Set up a load balancer with backend buckets" grants allUsers
# roles/storage.objectViewer), and its LB-only alternative (an Internet NEG to storage.googleapis.com with Cloud CDN
# private origin authentication) needs an HMAC key and loses the backend bucket. Reading an object directly
# (storage.googleapis.com/<bucket>/...) shows nothing the app's URL does not: its JS, HTML and config.json, whose
# values are public by design. No listing: objectViewer on objects, not the bucket's IAM or list through the LB.
resource "google_storage_bucket_iam_member" "public_read" {
  bucket = google_storage_bucket.web.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

# One object per file. A file whose content changed is uploaded again (the provider compares the local MD5 with the
# object's); a file gone from the build is deleted.
resource "google_storage_bucket_object" "file" {
  for_each      = local.files
  bucket        = google_storage_bucket.web.name
  name          = each.key
  source        = "${var.dist_dir}/${each.key}"
  content_type  = lookup(local.content_types, local.extension[each.key], "application/octet-stream")
  cache_control = startswith(each.key, "assets/") ? local.immutable : "no-cache"
}

# The app's runtime configuration, written from the environment's settings; the same shape as the local
# /config.json (scripts/local/web-app.ts appConfig), without the local demo login.
resource "google_storage_bucket_object" "config" {
  bucket        = google_storage_bucket.web.name
  name          = "config.json"
  content_type  = local.content_types.json
  cache_control = "no-cache"
  content = jsonencode({
    supabase_url      = var.app_config.supabase_url
    supabase_anon_key = var.app_config.supabase_anon_key
    api_base          = ""
    stripe_enabled    = var.app_config.stripe_enabled
  })
}

resource "google_compute_backend_bucket" "web" {
  project     = var.project_id
  name        = "${var.prefix}-web"
  description = "The web app (web/dist) behind the HTTPS entry."
  bucket_name = google_storage_bucket.web.name
  enable_cdn  = true
  # gzip or Brotli for text, by the client's Accept-Encoding (the objects are stored uncompressed).
  compression_mode        = "AUTOMATIC"
  custom_response_headers = local.security_headers

  cdn_policy {
    # Cache exactly what each object's Cache-Control says: assets/ for a year, the rest revalidated.
    cache_mode = "USE_ORIGIN_HEADERS"
  }

  lifecycle {
    precondition {
      condition     = fileexists("${var.dist_dir}/index.html")
      error_message = "No index.html in dist_dir: build the app first (npm run web:build)."
    }
  }
}
