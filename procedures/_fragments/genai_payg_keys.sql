-- What a pay-as-you-go GenAI row is consolidated by besides its day (genai_*_daily_unified): provider, model,
-- region, project/workspace, API key, usage kind, tier and batch; no instance or GPU (those are other flows).
'payg' AS cost_flow,
provider,
model,
CAST(NULL AS STRING) AS instance_type,
CAST(NULL AS STRING) AS gpu_type,
region,
workspace_id,
api_key_id,
usage_kind,
service_tier,
is_batch
