"""Files out: every output of a period, each written whole or not at all; nothing here computes a figure."""

# The files of a period's folder, outbound/<period>/.
WORKBOOK_NAME = "tong-hop-mtcl-{period}.xlsx"
REPORT_NAME = "bao-cao-ket-qua-mtcl-{period}.docx"
REVIEW_NAME = "xem-xet-cua-lanh-dao-{period}.docx"
HTML_NAME = "summary.html"
SUMMARY_NAME = "tom-tat-mtcl-{period}.docx"              # the Director's one page
CARD_NAME = "don-vi/phieu-ket-qua-{unit}-{period}.docx"  # one unit's one page
