"""mtcl: consolidate units' quality-objective (MTCL) reports into one workbook and a summary."""
__version__ = "0.1.0"
