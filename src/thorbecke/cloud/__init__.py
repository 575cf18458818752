"""Cloud as one government: uniform definitions, sovereignty scoring, the supply catalogue, pooled demand and
matching (decision 0050)."""
