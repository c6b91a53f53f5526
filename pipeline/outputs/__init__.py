"""Files out: every output of a period, each written whole or not at all; nothing here computes a figure."""

WORKBOOK_NAME = "tong-hop-mtcl-{period}.xlsx"
