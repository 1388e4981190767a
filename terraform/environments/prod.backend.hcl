# State of the prod environment: terraform init -reconfigure -backend-config=prod.backend.hcl -backend-config="bucket=<state bucket>"
prefix = "cloudact/prod"
