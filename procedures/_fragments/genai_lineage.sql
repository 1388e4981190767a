-- Lineage of GenAI rows: {lineage}, the GenAI account and {hierarchy}.
{lineage},
x_genai_provider,
x_genai_account_id,
{hierarchy}
