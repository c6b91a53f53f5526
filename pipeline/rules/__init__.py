"""pipeline.rules."""
