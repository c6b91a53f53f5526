"""pipeline.consolidate."""
