"""The words a plan decision is recognised by, folded (lower case, no diacritics, đ → d), and the folding itself.

Every pattern here matches text passed through `fold_keep`, which keeps one character per character, so a
match's span is also the span in the original text."""
from __future__ import annotations

import re
import unicodedata


def fold_keep(text: str) -> str:
    """Lower case without diacritics, one character for each character of `text` (spans carry over)."""
    out = []
    for ch in text:
        if ord(ch) in (0x111, 0x110):           # đ, Đ: no combining mark takes them apart
            out.append("d")
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        out.append(base.lower() if len(base) == 1 else ch.lower())
    return "".join(out)


def words(text: str) -> str:
    """The folded words of a text, separated by single spaces: how headers and titles are compared."""
    return " ".join(re.findall(r"[a-z0-9%]+", fold_keep(text)))


def mask_years(folded_words: str) -> str:
    """Years do not make a wording change: «năm 2023» in last year's plan is «năm 2024» in this one."""
    return re.sub(r"\b(19|20)\d\d\b", "#", folded_words)


# Where the two appendices begin (a paragraph's folded words).
APPENDIX = re.compile(r"^phu luc\s*(?:so\s*)?(0?1|i|0?2|ii)\b")
APPENDIX_ONE = ("1", "01", "i")
PLAN_HEADING = re.compile(r"^ke hoach\b")          # «KẾ HOẠCH Thực hiện mục tiêu chất lượng…» also opens Phụ lục 2
OBJECTIVES_HEADING = re.compile(r"\bmuc tieu chat luong\b.{0,80}?\bnam (\d{4})\b")
NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+(?=\S)")           # «1. 100% phòng…», «2) …»
OBJECTIVE_LABEL = re.compile(r"^\s*muc tieu\s+(?:so\s+)?(\d{1,2})\s*[.:)\-–]\s*(?=\S)")   # «Mục tiêu 1: …»
DECISION_REF = re.compile(
    r"quyet dinh so\s*:?\s*(\d+)\s*/\s*([a-z0-9\-]+)\s+ngay\s+(\d{1,2})\s*(?:/|thang)\s*(\d{1,2})\s*(?:/|nam)\s*(\d{4})")
DEPARTMENT = re.compile(r"^\s*\W*\s*cua (so\b[^()]*?)\s*\)?\s*$")

# Phụ lục 2's columns, tried in this order against a column's folded header words (the header rows stacked):
# the specific before the general, because «Cách thức theo dõi» also says «theo dõi» and «Trách nhiệm theo dõi
# mục tiêu» also says «mục tiêu».
COLUMNS = (
    ("lead", re.compile(r"\bchu tri\b")),
    ("coordinate", re.compile(r"\bphoi hop\b")),
    ("deadline", re.compile(r"\bthoi (gian|han|diem)\b|\btien do\b")),
    ("evidence", re.compile(r"\bcach thuc\b|\bket qua\b|\bsan pham\b|\bminh chung\b|\bho so\b")),
    ("monitor", re.compile(r"\btheo doi\b|\bgiam sat\b")),
    ("text", re.compile(r"\bbien phap\b|\bmuc tieu\b|\bnoi dung\b|\bnhiem vu\b|\bhoat dong\b")),
    ("number", re.compile(r"^(?:s\s?tt|tt|so tt|so thu tu)\b")),
    ("lead", re.compile(r"\b(trach nhiem|don vi|bo phan) thuc hien\b")),     # one column, not split in two
    ("other", re.compile(r"\bghi chu\b|\bkinh phi\b|\bnguon (luc|kinh phi)\b|\bchi tieu\b")),  # kept out of the plan
)
REQUIRED_COLUMNS = ("text", "lead", "deadline")

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
         "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19,
         "xx": 20}
ROMAN_OF = {n: r.upper() for r, n in ROMAN.items()}
SECTION_NUMBER = re.compile(r"^\s*([ivx]+)\s*[.:)]?\s*$")
SECTION_INLINE = re.compile(r"^\s*([ivx]+)(?:\s*[.:)]\s*|\s+)(?=\S)")      # «I. 100% PHÒNG…», «IV 100% TTHC…»
SECTION_OBJECTIVE = re.compile(r"^\s*muc tieu\s+(?:so\s+)?(\d{1,2})\s*[.:)]?\s*")   # «Mục tiêu 1: …»
MEASURE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")
MEASURE_DOTTED = re.compile(r"^\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.?\s*$")     # «1.2»: objective 1, measure 2
SUB_NUMBER = re.compile(r"^\s*([a-z])\s*[).]\s*$")
SUB_INLINE = re.compile(r"^\s*([a-z])\)\s+(?=\S)")                          # «a) Xây dựng…» with TT empty
COLUMN_NUMBERS = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")                          # a row «(1) (2) (3)…» under the header

# Who a lead or coordinate text names, when it names no unit by its name: the plan's collective phrases, as the
# committed 2023 plan maps them ("all" = every unit, "kind:…" = every unit of a kind).
COLLECTIVES = (
    (re.compile(r"\bcac phong\W+(?:don vi\W+)?(?:thanh tra\W+)?trung tam\b(?:\W+thuoc so\b)?"), "all"),
    (re.compile(r"\b(?:tat ca|toan bo) (?:cac )?(?:phong|don vi)\b(?:\W+thuoc so\b)?"), "all"),
    (re.compile(r"\bcac don vi\b(?:\W+thuoc so\b)?"), "all"),
    (re.compile(r"\bcac phong\b(?:\W+thuoc so\b)?"), "kind:phong"),
    (re.compile(r"\bcac trung tam\b(?:\W+thuoc so\b)?"), "kind:trung-tam"),
)
# People and boards who act with the units but are none of them: named beside a unit, they add no unit.
ROLES = re.compile(
    r"\b(?:ban chi dao iso|to giup viec iso|thu ky iso(?: cua (?:so|trung tam))?|qmr|lanh dao so|"
    r"cong chuc|vien chuc|nguoi lao dong|can bo|ccvc\s?nld|cc\s?vc|cbccvc|ccvcnld|nld|"
    r"chuyen vien|truong phong|duoc phan cong(?: thuc hien)?|phu trach|thuc hien)\b")
FILLER = re.compile(r"\b(?:cac|thuoc so|cua so|so|tai|bo phan|va|voi|cung)\b")
# Between the units a text names; never « – », which unit names have («Phòng Kế hoạch – Tài chính»).
SEPARATORS = re.compile(r"[,;/+()\[\]]|^\s*[-–—]\s*|\bva\b")
