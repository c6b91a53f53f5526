"""Which units a decision's «Chủ trì» / «Phối hợp» text names: only where it is certain, the rest left for the
secretary (pure)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import decision_words as w


@dataclass(frozen=True)
class UnitMatch:
    selectors: tuple[str, ...]      # unit codes, "all", "kind:…", as config.toml writes them
    unknown: tuple[str, ...]        # the parts of the text that name no known unit (as written)
    remembered: bool = False        # last year's plan mapped this very text


class UnitMapper:
    """Maps a text by last year's plan first (the same text gets the same units), then by the units' names and
    codes and the plan's collective phrases («Các phòng, trung tâm»); a part it does not know is reported, never
    guessed."""

    def __init__(self, units: list[dict], previous_measures: list[dict]):
        self.patterns: list[tuple[re.Pattern, str]] = []
        for unit in sorted(units, key=lambda u: -len(u["name"])):
            for name in (unit["name"], *unit.get("aliases", ())):
                self.patterns.append((_name_pattern(name), unit["code"]))
        self.codes = {u["code"]: u["code"] for u in units}
        memory: dict[str, tuple[str, ...]] = {}
        conflicting: set[str] = set()
        for m in previous_measures:
            for text_key, codes_key in (("lead_text", "lead"), ("coordinate_text", "coordinate")):
                text, codes = m.get(text_key), m.get(codes_key)
                if not isinstance(text, str) or not isinstance(codes, list):
                    continue
                key, value = w.words(text), tuple(codes)
                if memory.get(key, value) != value:
                    conflicting.add(key)
                memory[key] = value
        self.memory = {k: v for k, v in memory.items() if k not in conflicting}

    def map(self, text: str) -> UnitMatch:
        if not text.strip():
            return UnitMatch((), ())
        remembered = self.memory.get(w.words(text))
        if remembered is not None:
            return UnitMatch(remembered, (), remembered=True)
        folded = w.fold_keep(text)
        found: list[tuple[int, str]] = []

        def take(pattern: re.Pattern, selector: str, check=None) -> None:
            nonlocal folded
            for m in pattern.finditer(folded):
                if check is None or check(m):
                    found.append((m.start(), selector))
                    folded = folded[:m.start()] + " " * (m.end() - m.start()) + folded[m.end():]

        for pattern, code in self.patterns:
            take(pattern, code)
        for code in self.codes:              # «Phòng KHTC»: a code, typed in capitals
            take(re.compile(rf"\b{re.escape(code.lower())}\b"), code,
                 check=lambda m, c=code: text[m.start():m.end()] == c)
        for pattern, selector in w.COLLECTIVES:
            take(pattern, selector)
        folded = w.ROLES.sub(lambda m: " " * len(m[0]), folded)
        unknown = []
        for part in _parts(folded):
            rest = w.FILLER.sub(" ", folded[part[0]:part[1]])
            if re.search(r"[a-z0-9]{2,}", rest):
                unknown.append(text[part[0]:part[1]].strip(" -–—.:;,"))
        selectors = [s for _, s in sorted(found)]
        if "all" in selectors:
            selectors = ["all"]
        return UnitMatch(tuple(dict.fromkeys(selectors)), tuple(u for u in unknown if u))


def _name_pattern(name: str) -> re.Pattern:
    parts = re.findall(r"[a-z0-9]+", w.fold_keep(name))
    body = r"\W*".join(map(re.escape, parts))
    if parts[:2] == ["van", "phong"]:           # «VP Sở»
        body = r"(?:van\W*phong|vp)" + (r"\W*" + r"\W*".join(map(re.escape, parts[2:])) if parts[2:] else "")
    return re.compile(rf"\b{body}\b")


def _parts(folded: str) -> list[tuple[int, int]]:
    """The spans between separators (commas, semicolons, slashes, « - », «và»)."""
    spans, start = [], 0
    for m in w.SEPARATORS.finditer(folded):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(folded)))
    return [(a, b) for a, b in spans if folded[a:b].strip()]
