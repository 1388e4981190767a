# State of the stage environment: terraform init -reconfigure -backend-config=stage.backend.hcl -backend-config="bucket=<state bucket>"
prefix = "cloudact/stage"
