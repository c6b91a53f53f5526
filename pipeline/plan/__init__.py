"""pipeline.plan."""
