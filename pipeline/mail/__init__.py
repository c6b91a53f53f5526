"""pipeline.mail."""
