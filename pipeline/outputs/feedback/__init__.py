"""pipeline.outputs.feedback."""
