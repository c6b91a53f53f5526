"""The plan as data: load `config.toml` into frozen dataclasses, or fail naming the key and line."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..text import _nfc, name_key
from .deadlines import DeadlineError, DeadlineRule, parse_deadline, rule_from_dict, rule_to_toml
from .calendar import COVERAGES, Report, read_reports, yearly_reports
from .indicators import AGGREGATIONS, COMPUTED, read_schedule
from .periods import Period, parse_period
from .pools import Pool, read_pools
from ..vi import WORDS
from ..vi.config import CONFIG_TEXT
from ..vi.documents import DOCUMENT_DEFAULTS, SIGNER_AUTHORITIES


UNIT_KINDS = ("van-phong", "thanh-tra", "phong", "trung-tam")
COMPARISONS = (">=", "<=", "milestone")
SEVERITIES = ("warning", "error")


class ConfigError(Exception):
    """A config that cannot be used; the message (Vietnamese) names the file, line and key."""


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    decision: str
    department: str
    year: int
    issued: dt.date | None = None      # the decision's date: a deadline before it is held to it


@dataclass(frozen=True)
class Reporting:
    period: str = "monthly"
    due_day: int = 20
    missing_action: str = "warning"
    effective_periods: int = 2      # consecutive met periods that verify a corrective action (ISO 9001 10.2)
    coverage: str = "due"           # which months a yearly report (6T, 12T) covers: see plan.calendar
    cutoff_day: int = 31
    small_base: int = 5             # a rate whose denominator is below this is marked «mẫu số nhỏ»
    trend_threshold: float = 0.005  # a trend arrow needs a change of more than this (0,5 điểm %)


@dataclass(frozen=True)
class Intake:
    settle_seconds: int = 120       # a file younger than this may still be copying: next run
    move_processed: bool = False    # move decided files to inbound/da-xu-ly/ (never replacing anything)


@dataclass(frozen=True)
class Mail:
    """[mail]: the mailbox units send reports to, and the SMTP server used to answer them.
    Passwords never live here: they come from the environment or a separate secrets file."""
    imap_host: str = ""
    imap_port: int = 993
    imap_security: str = "tls"          # tls | starttls
    imap_user: str = ""
    imap_folder: str = "INBOX"
    move_to: str = ""                   # move handled messages to this folder ("" = leave them)
    max_attachment_mb: int = 20
    smtp_host: str = ""
    smtp_port: int = 465
    smtp_security: str = "tls"          # tls | starttls
    smtp_user: str = ""
    from_address: str = ""
    leadership: tuple[str, ...] = ()
    secretary: tuple[str, ...] = ()
    remind_days_before: int = 3
    remind_days_after: int = 2
    dry_run: bool = False               # write .eml files under outbound/mail/ instead of sending
    password_env: str = "MTCL_MAIL_PASSWORD"
    secrets_file: str = ""              # TOML with imap_password / smtp_password, relative to config
    verify_tls: bool = True
    cafile: str = ""                    # extra CA bundle (a self-signed office server)


@dataclass(frozen=True)
class Documents:
    """[documents]: who issues, signs and receives the official report (Nghị định 30/2020/NĐ-CP, Phụ lục I).
    The number and the date stay blank: the records office writes them when the report is issued."""
    parent_body: str = DOCUMENT_DEFAULTS["parent_body"]       # cơ quan chủ quản
    issuer: tuple[str, ...] = ()        # cơ quan ban hành, one string per printed line ((): the department's name)
    abbreviation: str = DOCUMENT_DEFAULTS["abbreviation"]     # tên viết tắt: «Số: …/BC-<abbreviation>»
    place: str = DOCUMENT_DEFAULTS["place"]                   # địa danh
    authority: str = SIGNER_AUTHORITIES[0]    # quyền hạn: the Director, or KT. (on the Director's behalf)
    signer_title: str = ""              # chức vụ under a KT. authority: the deputy's title
    signer_name: str = ""               # họ tên ("": left blank to write by hand)
    recipients: tuple[str, ...] = DOCUMENT_DEFAULTS["recipients"]   # Nơi nhận, the archive line last


@dataclass(frozen=True)
class Paths:
    inbound: Path
    outbound: Path
    archive: Path
    ledger: Path


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    email: str


@dataclass(frozen=True)
class Objective:
    id: int
    title: str
    short: str


@dataclass(frozen=True)
class Indicator:
    id: str
    objective: int
    name: str
    numerator: str
    denominator: str
    comparison: str
    target: float
    late: bool
    schedule: tuple[int, ...] = ()       # months of the year it is asked in; () = every month
    aggregation: str = "sum"             # "sum": a flow, summed over months; "latest": a stock or status
    denominator_from: str = ""           # its denominator is that indicator's numerator (6.2 of 6.1)
    computed: str = ""                   # "measures": counted from the report's Biện pháp sheet (1.1)
    judged: bool = True                  # False: the plan sets no target: «theo dõi», no pass or fail

    @property
    def target_label(self) -> str:
        if not self.judged:
            return CONFIG_TEXT["target_label.tracked"]
        if self.comparison == "milestone":
            return CONFIG_TEXT["target_label.1"]
        sign = "≥" if self.comparison == ">=" else "≤"
        return f"{sign} {self.target:.0%}"


@dataclass(frozen=True)
class Measure:
    id: str
    objective: int
    text: str
    lead_text: str
    lead: tuple[str, ...]          # unit codes, selectors resolved
    coordinate_text: str
    coordinate: tuple[str, ...]
    deadline: str
    deadline_rules: tuple[DeadlineRule, ...]
    monitor: str
    evidence: str
    due: tuple[dt.date, ...] | None = None     # due dates set in config: they replace the parsed ones
    not_before: dt.date | None = None          # the plan's issue date (see Occurrence.held_to)
    mapping_note: str = ""                     # why lead/coordinate are mapped as they are, when not plain
    due_note: str = ""                         # why `due` is set as it is

    def role(self, unit_code: str) -> str | None:
        """"lead", "coordinate" or None: what a unit owes this measure (a unit listed as both leads)."""
        return "lead" if unit_code in self.lead else "coordinate" if unit_code in self.coordinate else None


@dataclass(frozen=True)
class Correction:
    """An evident typo of the decision corrected where users read it; the original stays on record."""
    original: str
    corrected: str
    records: tuple[str, ...]                   # measure ids, or "objective:N"
    note: str = ""


CORRECTED_FIELDS = {"measure": ("text", "lead_text", "coordinate_text", "monitor", "evidence"),
                     "objective": ("title", "short")}


@dataclass(frozen=True)
class Config:
    source: Path
    plan: Plan
    reporting: Reporting
    paths: Paths
    intake: Intake
    nightly_at: str
    mail: Mail | None
    units: tuple[Unit, ...]
    objectives: tuple[Objective, ...]
    indicators: tuple[Indicator, ...]
    measures: tuple[Measure, ...]
    corrections: tuple[Correction, ...] = ()
    documents: Documents = Documents()
    plan_files: tuple[tuple[int, Path], ...] = ()   # [plans]: the other years' plan files (plan.years loads them)
    reports: tuple[Report, ...] = ()
    pools: tuple[Pool, ...] = ()
    _unit_keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _by_code: dict[str, Unit] = field(default_factory=dict, compare=False, repr=False)
    _order: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    _measures_by_unit: dict[str, tuple[Measure, ...]] = field(default_factory=dict, compare=False, repr=False)
    _years: dict = field(default_factory=dict, compare=False, repr=False)     # plan.years' cache, shared by every year

    def unit(self, code: str) -> Unit:
        if len(self._by_code) != len(self.units):     # built once; the dataclass itself stays frozen
            self._by_code.update((u.code, u) for u in self.units)
        if code not in self._by_code:                 # a unit of another year's plan (plan.years): units change
            for other in self._years.values():
                if code in other.unit_order():
                    return other.unit(code)
        return self._by_code[code]

    def unit_order(self) -> dict[str, int]:
        """Each unit code's place in the plan's list of units, the order every output lists them in."""
        if len(self._order) != len(self.units):      # built once; the dataclass itself stays frozen
            self._order.update((u.code, n) for n, u in enumerate(self.units))
        return self._order

    def period(self, text: str) -> Period:
        """A period key as users type it, the plan's own reports (`2023-6T`) included; ValueError otherwise."""
        return parse_period(text, yearly_reports(self.reports))

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def objective(self, objective_id: int) -> Objective:
        return next(o for o in self.objectives if o.id == objective_id)

    def measures_for(self, unit_code: str | None) -> tuple[Measure, ...]:
        """The measures a unit leads or coordinates; every measure when no unit is given."""
        if unit_code is None:
            return self.measures
        if not self._measures_by_unit:      # built once, in one pass; the dataclass itself stays frozen
            index: dict[str, dict[str, Measure]] = {}
            for m in self.measures:
                for code in m.lead + m.coordinate:
                    index.setdefault(code, {})[m.id] = m
            self._measures_by_unit.update((code, tuple(ms.values())) for code, ms in index.items())
        return self._measures_by_unit.get(unit_code, ())

    def find_unit(self, text: str) -> Unit | None:
        """The unit a clerk meant by a code or a name, compared NFC-normalised and case-folded."""
        code = self._unit_keys.get(name_key(text))
        return self.unit(code) if code else None


class _Reader:
    """Typed access to the parsed TOML that reports errors with the key path and its line."""

    def __init__(self, path: Path, text: str):
        self.path, self.lines = path, text.splitlines()

    def fail(self, key: tuple, problem: str) -> ConfigError:
        line = locate(self.lines, key)
        where = CONFIG_TEXT["fail.1"].format(name=self.path.name, line=line) if line else self.path.name
        return ConfigError(CONFIG_TEXT["fail.2"].format(where=where, format_key=format_key(key), problem=problem))

    def table(self, data: dict, key: tuple, allowed: dict[str, tuple[type, ...]],
              required: tuple[str, ...] = ()) -> dict:
        if not isinstance(data, dict):
            raise self.fail(key, CONFIG_TEXT["table.1"])
        for name in data:
            if name not in allowed:
                raise self.fail(key + (name,), CONFIG_TEXT["table.2"].format(join=', '.join(allowed)))
        for name in required:
            if name not in data:
                raise self.fail(key, CONFIG_TEXT["table.3"].format(name=name))
        for name, value in data.items():
            types = allowed[name]
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                wanted = WORDS["hoac"].join(_TYPE_VI.get(t, t.__name__) for t in types)
                raise self.fail(key + (name,), CONFIG_TEXT["table.5"].format(wanted=wanted, value=value))
        return data

    def array(self, data: dict, name: str) -> list[dict]:
        value = data.get(name, [])
        if not isinstance(value, list) or not value:
            raise self.fail((name,), CONFIG_TEXT["array.1"].format(name=name))
        return value


_TYPE_VI = {str: CONFIG_TEXT["module.1"], int: CONFIG_TEXT["module.2"], float: CONFIG_TEXT["module.3"], bool: "true/false", list: CONFIG_TEXT["module.4"], dict: CONFIG_TEXT["module.5"]}


def format_key(key: tuple) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def locate(lines: list[str], key: tuple) -> int | None:
    """1-based line of a key path like ('measures', 3, 'lead') in the TOML text, best effort."""
    header_re = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
    section: tuple = ()
    counts: dict[str, int] = {}
    best = None
    for number, line in enumerate(lines, start=1):
        header = header_re.match(line)
        if header:
            name = header.group(2)
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                section = (name, counts[name])
            else:
                section = (name,)
            if key[: len(section)] == section:
                best = number
            continue
        keyed = re.match(r"^\s*([A-Za-z0-9_\-]+)\s*=", line)
        if keyed and section + (keyed.group(1),) == key[: len(section) + 1] and key[: len(section)] == section:
            return number
        if keyed and not section and key and keyed.group(1) == key[0]:
            return number
    return best


def load_config(path: str | Path) -> Config:
    """Read and check `config.toml`; every problem raises ConfigError before any work starts."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")      # -sig: Windows Notepad writes a BOM
    except OSError as exc:
        raise ConfigError(CONFIG_TEXT["load_config.1"].format(path=path, strerror=exc.strerror)) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(CONFIG_TEXT["load_config.2"].format(name=path.name)) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = CONFIG_TEXT["load_config.3"].format(at=at[1], at2=at[2]) if at else ""
        raise ConfigError(CONFIG_TEXT["load_config.4"].format(name=path.name, where=where, exc=exc)) from exc
    return build_config(data, path.resolve(), text)


def build_config(data: dict, path: Path, text: str = "") -> Config:
    r = _Reader(path, text)
    r.table(data, (), {"plan": (dict,), "reporting": (dict,), "paths": (dict,), "schedule": (dict,),
                       "intake": (dict,), "mail": (dict,), "documents": (dict,), "plans": (dict,),
                       "units": (list,), "objectives": (list,), "indicators": (list,), "measures": (list,),
                       "corrections": (list,), "reports": (list,), "pools": (list,)},
            required=("plan", "units", "objectives", "indicators", "measures"))

    p = r.table(data["plan"], ("plan",), {"id": (str,), "title": (str,), "decision": (str,),
                                          "department": (str,), "year": (int,), "issued": (dt.date,)},
                required=("id", "title", "department", "year"))
    if isinstance(p.get("issued"), dt.datetime):
        raise r.fail(("plan", "issued"), CONFIG_TEXT["issued.1"])
    plan = Plan(id=p["id"], title=p["title"], decision=p.get("decision", ""), department=p["department"],
                year=p["year"], issued=p.get("issued"))

    rep = r.table(data.get("reporting", {}), ("reporting",),
                  {"period": (str,), "due_day": (int,), "missing_action": (str,), "effective_periods": (int,),
                   "coverage": (str,), "cutoff_day": (int,), "small_base": (int,), "trend_threshold": (float, int)})
    reporting = Reporting(**{**rep, **({"trend_threshold": float(rep["trend_threshold"])} if "trend_threshold" in rep
                                       else {})})
    if reporting.period != "monthly":
        raise r.fail(("reporting", "period"), CONFIG_TEXT["build_config.1"])
    if not 1 <= reporting.due_day <= 31:
        raise r.fail(("reporting", "due_day"), CONFIG_TEXT["build_config.2"])
    if not 1 <= reporting.effective_periods <= 12:
        raise r.fail(("reporting", "effective_periods"), CONFIG_TEXT["effective_periods.1"])
    if reporting.missing_action not in SEVERITIES:
        raise r.fail(("reporting", "missing_action"), CONFIG_TEXT["build_config.3"])
    if reporting.coverage not in COVERAGES:
        raise r.fail(("reporting", "coverage"), CONFIG_TEXT["coverage"])
    if not 1 <= reporting.cutoff_day <= 31:
        raise r.fail(("reporting", "cutoff_day"), CONFIG_TEXT["cutoff_day"])
    reports = read_reports(r, data.get("reports", []), reporting.coverage, reporting.cutoff_day, reporting.due_day)

    pa = r.table(data.get("paths", {}), ("paths",), {k: (str,) for k in ("inbound", "outbound", "archive", "ledger")})
    base = path.parent
    paths = Paths(**{k: (base / pa.get(k, default)).resolve() for k, default in
                     (("inbound", "inbound"), ("outbound", "outbound"), ("archive", "archive"),
                      ("ledger", "ledger.sqlite"))})

    intake = Intake(**r.table(data.get("intake", {}), ("intake",),
                              {"settle_seconds": (int,), "move_processed": (bool,)}))
    if intake.settle_seconds < 0:
        raise r.fail(("intake", "settle_seconds"), CONFIG_TEXT["build_config.4"])

    mail = None
    if "mail" in data:
        types = {"leadership": (list,), "secretary": (list,)}
        for f in fields(Mail):
            types.setdefault(f.name, (type(f.default),))
        m = dict(r.table(data["mail"], ("mail",), types))
        for key in ("imap_security", "smtp_security"):
            if m.get(key, "tls") not in ("tls", "starttls"):
                raise r.fail(("mail", key), CONFIG_TEXT["build_config.5"])
        for key in ("leadership", "secretary"):
            if not all(isinstance(a, str) and "@" in a for a in m.get(key, [])):
                raise r.fail(("mail", key), CONFIG_TEXT["build_config.6"])
            m[key] = tuple(m.get(key, ()))
        mail = Mail(**m)

    documents = _documents(r, data.get("documents", {}))

    sc = r.table(data.get("schedule", {}), ("schedule",), {"nightly_at": (str,)})
    nightly_at = sc.get("nightly_at", "22:30")
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", nightly_at):
        raise r.fail(("schedule", "nightly_at"), CONFIG_TEXT["build_config.7"])

    units: list[Unit] = []
    unit_codes: set[str] = set()
    unit_keys: set[str] = set()
    for i, u in enumerate(r.array(data, "units")):
        u = r.table(u, ("units", i), {"code": (str,), "name": (str,), "kind": (str,), "email": (str,)},
                    required=("code", "name", "kind"))
        if u["kind"] not in UNIT_KINDS:
            raise r.fail(("units", i, "kind"), CONFIG_TEXT["build_config.8"].format(join=', '.join(UNIT_KINDS)))
        if not re.fullmatch(r"[A-Z0-9_]+", u["code"]):
            raise r.fail(("units", i, "code"), CONFIG_TEXT["build_config.9"])
        if u["code"] in unit_codes:
            raise r.fail(("units", i, "code"), CONFIG_TEXT["build_config.10"].format(u=u['code']))
        if name_key(u["name"]) in unit_keys:
            raise r.fail(("units", i, "name"), CONFIG_TEXT["build_config.11"].format(u=u['name']))
        unit_codes.add(u["code"])
        unit_keys.update((name_key(u["name"]), name_key(u["code"])))
        units.append(Unit(code=u["code"], name=_nfc(u["name"]), kind=u["kind"], email=u.get("email", "")))

    objectives = []
    for i, o in enumerate(r.array(data, "objectives")):
        o = r.table(o, ("objectives", i), {"id": (int,), "title": (str,), "short": (str,)},
                    required=("id", "title", "short"))
        objectives.append(Objective(id=o["id"], title=_nfc(o["title"]), short=_nfc(o["short"])))
    objective_ids = {o.id for o in objectives}

    indicators = []
    for i, d in enumerate(r.array(data, "indicators")):
        d = r.table(d, ("indicators", i), {"id": (str,), "objective": (int,), "name": (str,), "numerator": (str,),
                                           "denominator": (str,), "comparison": (str,),
                                           "target": (float, int), "late": (bool,), "schedule": (str, list),
                                           "aggregation": (str,), "denominator_from": (str,),
                                           "computed": (str,), "judged": (bool,)},
                    required=("id", "objective", "name", "numerator", "denominator", "comparison", "target"))
        if d["objective"] not in objective_ids:
            raise r.fail(("indicators", i, "objective"), CONFIG_TEXT["build_config.12"].format(d=d['objective']))
        if d["comparison"] not in COMPARISONS:
            raise r.fail(("indicators", i, "comparison"), CONFIG_TEXT["build_config.13"].format(join=', '.join(COMPARISONS)))
        if not 0 <= d["target"] <= 1:
            raise r.fail(("indicators", i, "target"), CONFIG_TEXT["build_config.14"])
        if d.get("aggregation", "sum") not in AGGREGATIONS:
            raise r.fail(("indicators", i, "aggregation"), CONFIG_TEXT["aggregation"])
        if d.get("computed", "") not in ("",) + COMPUTED:
            raise r.fail(("indicators", i, "computed"), CONFIG_TEXT["computed"])
        indicators.append(Indicator(id=d["id"], objective=d["objective"], name=_nfc(d["name"]),
                                    numerator=_nfc(d["numerator"]), denominator=_nfc(d["denominator"]),
                                    comparison=d["comparison"], target=float(d["target"]),
                                    late=d.get("late", True),
                                    schedule=read_schedule(r, ("indicators", i, "schedule"), d.get("schedule", "monthly")),
                                    aggregation=d.get("aggregation", "sum"),
                                    denominator_from=d.get("denominator_from", ""),
                                    computed=d.get("computed", ""), judged=d.get("judged", True)))
    for i, ind in enumerate(indicators):
        if ind.denominator_from and ind.denominator_from not in {other.id for other in indicators}:
            raise r.fail(("indicators", i, "denominator_from"),
                         CONFIG_TEXT["denominator_from"].format(value=ind.denominator_from))

    codes = {u.code for u in units}
    measures = []
    for i, m in enumerate(r.array(data, "measures")):
        m = r.table(m, ("measures", i), {"id": (str,), "objective": (int,), "text": (str,), "lead_text": (str,),
                                         "lead": (list,), "coordinate_text": (str,), "coordinate": (list,),
                                         "deadline": (str,), "deadline_parsed": (list,), "monitor": (str,),
                                         "evidence": (str,), "due": (list,), "due_note": (str,),
                                         "mapping_note": (str,)},
                    required=("id", "objective", "text", "lead", "deadline", "deadline_parsed"))
        if m["objective"] not in objective_ids:
            raise r.fail(("measures", i, "objective"), CONFIG_TEXT["build_config.15"].format(m=m['objective']))
        lead = _resolve(r, ("measures", i, "lead"), m["lead"], units, codes)
        if not lead:
            raise r.fail(("measures", i, "lead"), CONFIG_TEXT["build_config.16"])
        coordinate = _resolve(r, ("measures", i, "coordinate"), m.get("coordinate", []), units, codes)
        try:
            stored = tuple(rule_from_dict(d) for d in m["deadline_parsed"])
        except (DeadlineError, TypeError) as exc:
            raise r.fail(("measures", i, "deadline_parsed"), CONFIG_TEXT["build_config.18"].format(exc=exc)) from exc
        try:
            parsed = parse_deadline(m["deadline"])
        except DeadlineError as exc:
            if exc.unread and "due" in m:
                parsed = stored                 # the text is the plan's; the dates set in `due` rule
            else:
                problem = (CONFIG_TEXT["deadline.unread"].format(id=m["id"], deadline=m["deadline"], part=exc.unread)
                           if exc.unread else CONFIG_TEXT["build_config.17"].format(exc=exc))
                raise r.fail(("measures", i, "deadline"), problem) from exc
        if stored != parsed:
            raise r.fail(("measures", i, "deadline_parsed"),
                         CONFIG_TEXT["build_config.19"].format(
                             m=m['deadline'], parsed="[" + ", ".join(rule_to_toml(x) for x in parsed) + "]"))
        due = _due(r, ("measures", i), m, parsed, plan.year)
        measures.append(Measure(id=m["id"], objective=m["objective"], text=_nfc(m["text"]),
                                lead_text=_nfc(m.get("lead_text", "")), lead=lead,
                                coordinate_text=_nfc(m.get("coordinate_text", "")), coordinate=coordinate,
                                deadline=_nfc(m["deadline"]), deadline_rules=parsed,
                                monitor=_nfc(m.get("monitor", "")), evidence=_nfc(m.get("evidence", "")),
                                due=due, not_before=plan.issued, mapping_note=_nfc(m.get("mapping_note", "")),
                                due_note=_nfc(m.get("due_note", ""))))

    for name, items in (("indicators", indicators), ("measures", measures), ("objectives", objectives)):
        seen = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise r.fail((name, i, "id"), CONFIG_TEXT["build_config.20"].format(id=item.id))
            seen.add(item.id)

    corrections = tuple(_corrections(r, data.get("corrections", []), objectives, measures))
    objectives = [_corrected(o, "objective", f"objective:{o.id}", corrections) for o in objectives]
    measures = [_corrected(m, "measure", m.id, corrections) for m in measures]
    pools = read_pools(r, data.get("pools", []), lambda key, sel: _resolve(r, key, sel, units, codes),
                       {i.id for i in indicators}, {u.code: u.name for u in units})

    plan_files = []
    for name, file in data.get("plans", {}).items():
        if not re.fullmatch(r"\d{4}", name) or not isinstance(file, str) or int(name) == plan.year:
            raise r.fail(("plans", name), CONFIG_TEXT["plans.1"].format(year=plan.year))
        plan_files.append((int(name), (base / file).resolve()))

    keys = {}
    for u in units:
        keys[name_key(u.code)] = u.code
        keys[name_key(u.name)] = u.code
    return Config(source=path, plan=plan, reporting=reporting, paths=paths, intake=intake, nightly_at=nightly_at,
                  mail=mail, documents=documents,
                  units=tuple(units), objectives=tuple(objectives), indicators=tuple(indicators),
                  measures=tuple(measures), corrections=corrections, plan_files=tuple(sorted(plan_files)),
                  reports=reports, pools=pools,
                  _unit_keys=keys)


def _due(r: _Reader, key: tuple, m: dict, parsed: tuple[DeadlineRule, ...], year: int) -> tuple[dt.date, ...] | None:
    """The measure's `due` dates, which replace what the parser reads; required where the plan's text
    gives no rhythm («Định kỳ»): `due = []` then says, on purpose, that nothing falls due."""
    if "due" not in m:
        if any(rule.kind == "periodic" for rule in parsed):
            raise r.fail(key + ("deadline",), CONFIG_TEXT["due.1"].format(id=m["id"], deadline=m["deadline"]))
        return None
    out = []
    for value in m["due"]:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise r.fail(key + ("due",), CONFIG_TEXT["due.2"].format(value=value)) from None
        if type(value) is not dt.date:
            raise r.fail(key + ("due",), CONFIG_TEXT["due.2"].format(value=value))
        if value.year != year:
            raise r.fail(key + ("due",), CONFIG_TEXT["due.3"].format(value=value, year=year))
        out.append(value)
    return tuple(sorted(set(out)))


def _corrections(r: _Reader, items: list, objectives: list[Objective], measures: list[Measure]) -> list[Correction]:
    """[[corrections]]: each original must occur in a field users read of every record it names."""
    records = {**{f"objective:{o.id}": ("objective", o) for o in objectives}, **{m.id: ("measure", m) for m in measures}}
    out = []
    for i, c in enumerate(items):
        c = r.table(c, ("corrections", i), {"original": (str,), "corrected": (str,), "records": (list,), "note": (str,)},
                    required=("original", "corrected", "records"))
        original, corrected = _nfc(c["original"]), _nfc(c["corrected"])
        for name in c["records"]:
            if name not in records:
                raise r.fail(("corrections", i, "records"), CONFIG_TEXT["corrections.1"].format(name=name))
            kind, record = records[name]
            if not any(original in getattr(record, f) for f in CORRECTED_FIELDS[kind]):
                raise r.fail(("corrections", i, "original"),
                             CONFIG_TEXT["corrections.2"].format(original=original, name=name))
        out.append(Correction(original, corrected, tuple(c["records"]), _nfc(c.get("note", ""))))
    return out


def _corrected(record, kind: str, name: str, corrections: tuple[Correction, ...]):
    changes = {}
    for c in corrections:
        if name in c.records:
            for f in CORRECTED_FIELDS[kind]:
                value = changes.get(f, getattr(record, f))
                if c.original in value:
                    changes[f] = value.replace(c.original, c.corrected)
    return replace(record, **changes) if changes else record


def _documents(r: _Reader, data: dict) -> Documents:
    d = dict(r.table(data, ("documents",), {f.name: (list,) if f.name in ("issuer", "recipients") else (str,)
                                             for f in fields(Documents)}))
    for key in ("issuer", "recipients"):
        if key in d:
            if not d[key] or not all(isinstance(x, str) and x.strip() for x in d[key]):
                raise r.fail(("documents", key), CONFIG_TEXT["documents.1"])
            d[key] = tuple(_nfc(x.strip()) for x in d[key])
    d = {k: _nfc(v.strip()) if isinstance(v, str) else v for k, v in d.items()}
    if d.get("authority", SIGNER_AUTHORITIES[0]) not in SIGNER_AUTHORITIES:
        raise r.fail(("documents", "authority"), CONFIG_TEXT["documents.2"].format(join=WORDS["hoac"].join(
            f"«{a}»" for a in SIGNER_AUTHORITIES)))
    if d.get("authority", SIGNER_AUTHORITIES[0]) != SIGNER_AUTHORITIES[0] and not d.get("signer_title"):
        raise r.fail(("documents", "signer_title"), CONFIG_TEXT["documents.3"])
    return Documents(**d)


def _resolve(r: _Reader, key: tuple, selectors: list, units: list[Unit], codes: set[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for j, sel in enumerate(selectors):
        if not isinstance(sel, str):
            raise r.fail(key, CONFIG_TEXT["resolve.1"].format(value=j + 1))
        if sel == "all":
            chosen = [u.code for u in units]
        elif sel.startswith("kind:") and sel[5:] in UNIT_KINDS:
            chosen = [u.code for u in units if u.kind == sel[5:]]
        elif sel in codes:
            chosen = [sel]
        else:
            raise r.fail(key, CONFIG_TEXT["resolve.2"].format(sel=sel))
        out.update(dict.fromkeys(chosen))      # ordered, without repeats
    return tuple(out)


def meets(indicator: Indicator, rate: float | None) -> bool | None:
    """Whether a rate meets the indicator's target; None when there is no rate (nothing due) or no target the
    plan sets («theo dõi»)."""
    if rate is None or not indicator.judged:
        return None
    if indicator.comparison == "<=":
        return rate <= indicator.target + 1e-9
    if indicator.comparison == "milestone":
        return rate >= 1 - 1e-9
    return rate >= indicator.target - 1e-9


def units_by_email(config: Config) -> dict[str, tuple[str, ...]]:
    """Configured unit emails (case-folded) to the codes of the units using them: one clerk may send the
    reports of two units from one address."""
    out: dict[str, tuple[str, ...]] = {}
    for unit in config.units:
        key = unit.email.strip().casefold()
        if key and unit.code not in out.get(key, ()):
            out[key] = out.get(key, ()) + (unit.code,)
    return out
