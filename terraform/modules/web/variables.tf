variable "project_id" {
  description = "Project of the bucket and the backend bucket."
  type        = string
}

variable "prefix" {
  description = "Prefix of every resource name (the bucket is `<project_id>-<prefix>-web`: bucket names are global)."
  type        = string
}

variable "location" {
  description = "Location of the bucket (a region or multi-region; Cloud CDN caches at the edge either way)."
  type        = string
}

variable "dist_dir" {
  description = "Absolute path of the built app (`npm run web:build` writes web/dist): every file under it is uploaded, except Vite's manifest (.vite/) and the build stamp."
  type        = string
}

variable "app_config" {
  description = "What /config.json tells the app (web/src/app/config.ts; scripts/local/web-app.ts appConfig serves the same shape locally): Supabase's URL and anon key (public by design), whether checkout goes through Stripe, and the API's base (\"\": the same origin, through the load balancer)."
  type = object({
    supabase_url      = string
    supabase_anon_key = string
    stripe_enabled    = bool
  })

  validation {
    condition     = can(regex("^https://[^/]+", var.app_config.supabase_url))
    error_message = "app_config.supabase_url is an https URL."
  }
}
