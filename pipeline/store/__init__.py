"""pipeline.store."""
