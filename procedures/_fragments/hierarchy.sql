-- The hierarchy entity a row is attributed to (copied from the source rows). In a SELECT list: `{hierarchy},`.
x_hierarchy_entity_id,
x_hierarchy_entity_name,
x_hierarchy_level_code,
x_hierarchy_path,
x_hierarchy_path_names
