"""pipeline.outputs.workbook."""
