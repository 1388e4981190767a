-- Lineage of a cloud bill's FOCUS rows: {lineage}, the cloud account and x_cost_type 'cloud'.
{lineage},
x_cloud_provider,
x_cloud_account_id,
'cloud' AS x_cost_type
