"""pipeline.demo."""
