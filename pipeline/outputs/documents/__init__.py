"""pipeline.outputs.documents."""
