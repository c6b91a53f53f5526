"""The pools the plan evaluates an indicator over (`[[pools]]`): groups of units by kind or by list, or each unit
of a group on its own (6.2's HTXS ≤ 20 % «khối Văn phòng Sở» and «của trung tâm»); pure."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import _nfc
from ..vi.config import CONFIG_TEXT


@dataclass(frozen=True)
class Pool:
    """Units whose figures of `indicators` are pooled and judged together against the indicator's target."""
    id: str
    title: str
    units: tuple[str, ...]
    indicators: tuple[str, ...]


def read_pools(r, items: list, resolve, indicator_ids: set[str], unit_names: dict[str, str]) -> tuple[Pool, ...]:
    """`[[pools]]` checked; `each = true` makes one pool per unit of the group (each centre). `resolve(key,
    selectors)` turns unit selectors into codes; `r` names key and line in an error."""
    out: list[Pool] = []
    for i, d in enumerate(items):
        key = ("pools", i)
        d = r.table(d, key, {"id": (str,), "title": (str,), "units": (list,), "indicators": (list,),
                             "each": (bool,)}, required=("id", "units", "indicators"))
        if not re.fullmatch(r"[0-9A-Za-z_\-]+", d["id"]):
            raise r.fail(key + ("id",), CONFIG_TEXT["pools.id"])
        units = resolve(key + ("units",), d["units"])
        if not units:
            raise r.fail(key + ("units",), CONFIG_TEXT["pools.empty"])
        for ind in d["indicators"]:
            if ind not in indicator_ids:
                raise r.fail(key + ("indicators",), CONFIG_TEXT["denominator_from"].format(value=ind))
        indicators = tuple(d["indicators"])
        if d.get("each", False):
            out += [Pool(f"{d['id']}-{code}", unit_names[code], (code,), indicators) for code in units]
        else:
            out.append(Pool(d["id"], _nfc(d.get("title", d["id"])), units, indicators))
    seen: dict[tuple[str, str], str] = {}
    for i, pool in enumerate(out):
        for ind in pool.indicators:
            for code in pool.units:
                if (ind, code) in seen:
                    raise r.fail(("pools",), CONFIG_TEXT["pools.twice"].format(unit=code, indicator=ind,
                                                                              first=seen[(ind, code)], second=pool.id))
                seen[(ind, code)] = pool.id
    return tuple(out)


def pools_of(pools: tuple[Pool, ...], indicator_id: str) -> tuple[Pool, ...]:
    return tuple(p for p in pools if indicator_id in p.indicators)


def judged_alone(pools: tuple[Pool, ...], indicator_id: str, unit: str | None) -> bool:
    """Whether the plan sets the indicator's target for `unit` on its own: the unit is in no pool of several
    units (a centre is a pool by itself). A phòng pooled into the administrative block is judged with the
    block only."""
    return not any(unit in p.units and len(p.units) > 1 for p in pools_of(pools, indicator_id))
