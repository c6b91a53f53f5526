"""How text typed by people is compared: NFC, spaces folded, case and diacritics ignored."""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any


_SPACES = re.compile(r"[ \t]+")


def clean_text(raw: Any) -> str | None:
    """Text as NFC with spaces folded; None for an empty cell."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = unicodedata.normalize("NFC", str(raw)).replace("\u00a0", " ")
    if "  " in text or "\t" in text:      # most cells have neither: no pattern to run
        text = _SPACES.sub(" ", text)
    return text.strip() or None


def fold(text: Any) -> str:
    """Comparison key that also ignores Vietnamese diacritics: 'Hoàn thành' -> 'hoan thanh'."""
    return _fold(str(text))


@functools.lru_cache(maxsize=8192)   # headers and labels repeat in every file
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w%]+", " ", text)).strip()


def name_key(text: Any) -> str:
    """Key for comparing names typed by people: NFC, case-folded, dashes and spaces folded."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    text = re.sub(r"[\u2010-\u2015\u2212\-]+", "-", text)
    text = re.sub(r"\s*-\s*", " - ", text)
    return re.sub(r"\s+", " ", text).strip()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def path_key(path: str) -> str:
    """How two spellings of one name compare: NFC (macOS writes NFD), case-folded, forward slashes."""
    return unicodedata.normalize("NFC", path.replace("\\", "/")).casefold()
