"""Tests for pipeline.config: the real plan loads as data; every broken config names its key and line."""
from __future__ import annotations

import dataclasses
import datetime
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from pipeline.plan.config import ConfigError, Mail, build_config, load_config

REAL_CONFIG = Path(__file__).resolve().parents[1] / "config.toml"
REAL_TEXT = REAL_CONFIG.read_text(encoding="utf-8")
RAW = tomllib.loads(REAL_TEXT)
CODES = [u["code"] for u in RAW["units"]]


@pytest.fixture(scope="module")
def config():
    return load_config(REAL_CONFIG)


# ---------------------------------------------------------------- helpers: a broken copy of the real config

def block_span(lines: list[str], header: str, index: int) -> tuple[int, int]:
    """0-based [start, stop) of the `index`-th `[header]`/`[[header]]` block, header line included."""
    starts = [n for n, line in enumerate(lines) if line.split("#")[0].strip() == header]
    start = starts[index]
    stop = next((n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("[")), len(lines))
    return start, stop


def edit(text: str, header: str, index: int, old: str, new: str) -> tuple[str, int]:
    """Replace the line starting with `old` inside one block; return the text and the 1-based line of `new`."""
    lines = text.splitlines()
    start, stop = block_span(lines, header, index)
    hits = [n for n in range(start, stop) if lines[n].startswith(old)]
    assert len(hits) == 1, (header, index, old)
    lines[hits[0]] = new
    return "\n".join(lines) + "\n", hits[0] + 1


def insert_after(text: str, anchor: str, new: str) -> tuple[str, int]:
    """Insert `new` (possibly several lines) after the unique line `anchor`; return text and line of `new`."""
    lines = text.splitlines()
    hits = [n for n, line in enumerate(lines) if line == anchor]
    assert len(hits) == 1, anchor
    lines[hits[0] + 1:hits[0] + 1] = new.splitlines()
    return "\n".join(lines) + "\n", hits[0] + 2


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def fails(tmp_path: Path, text: str, key: str, line: int | None) -> str:
    """Load `text`, expect ConfigError naming `key` and `dòng line`; return the message."""
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    message = str(info.value)
    assert "config.toml" in message
    assert f"khóa {key}:" in message, message
    if line is not None:
        assert re.search(rf"dòng {line}\b", message), message
    return message


# ---------------------------------------------------------------- the real plan

def test_real_config_counts(config):
    assert len(config.units) == 11
    assert len(config.objectives) == 10
    assert len(config.indicators) == 14
    assert len(config.measures) == 30
    assert [o.id for o in config.objectives] == list(range(1, 11))
    assert config.plan.year == 2023 and config.plan.id == "QD147-2023"
    assert config.reporting.due_day == 20 and config.reporting.missing_action == "warning"
    assert config.nightly_at == "22:30"
    assert config.intake.settle_seconds == 120
    assert config.mail is None


def test_real_config_special_indicators(config):
    assert (config.indicator("6.2").comparison, config.indicator("6.2").target) == ("<=", 0.2)
    assert config.indicator("6.2").target_label == "≤ 20%"
    assert config.indicator("7.1").comparison == "milestone"
    assert config.indicator("7.1").target_label == "Hoàn thành đúng mốc"
    others = [i for i in config.indicators if i.id not in ("6.2", "7.1")]
    assert {(i.comparison, i.target) for i in others} == {(">=", 1.0)}
    assert config.indicator("4.3").late is False and config.indicator("1.1").late is True


def test_real_config_texts_are_nfc(config):
    texts = [u.name for u in config.units] + [o.title for o in config.objectives] + \
        [m.text for m in config.measures] + [i.name for i in config.indicators]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert config.unit("KHTC").name == "Phòng Kế hoạch – Tài chính"


def test_paths_resolve_relative_to_the_config_file(tmp_path):
    real = load_config(REAL_CONFIG).paths
    assert real.inbound == REAL_CONFIG.parent / "inbound"
    copy = load_config(write(tmp_path, REAL_TEXT)).paths
    assert copy.inbound == tmp_path.resolve() / "inbound"
    assert copy.outbound == tmp_path.resolve() / "outbound"
    assert copy.archive == tmp_path.resolve() / "archive"
    assert copy.ledger == tmp_path.resolve() / "ledger.sqlite"


def test_every_measure_lead_and_coordinate_resolve_to_unit_codes(config):
    for m in config.measures:
        assert m.lead, m.id
        assert set(m.lead) <= set(CODES), m.id
        assert set(m.coordinate) <= set(CODES), m.id
        assert len(set(m.lead)) == len(m.lead)


@pytest.mark.parametrize("selector, expected", [
    ("all", CODES),
    ("kind:trung-tam", ["TTDVVL", "TTBTXH", "TTDD", "CSCN"]),
    ("kind:phong", ["KHTC", "LDVL", "NCC", "BTXH", "PCTNXH"]),
])
def test_selectors_resolve(config, selector, expected):
    raw = {m["id"]: m for m in RAW["measures"]}
    for m in config.measures:
        if raw[m.id]["lead"] == [selector]:
            assert list(m.lead) == expected, m.id
        if raw[m.id].get("coordinate") == [selector]:
            assert list(m.coordinate) == expected, m.id


def test_measures_for_includes_all_and_kind_selectors(config):
    ids = {m.id for m in config.measures_for("KHTC")}
    with_all = {m["id"] for m in RAW["measures"] if "all" in m["lead"] or "all" in m.get("coordinate", [])}
    assert with_all and with_all <= ids
    assert "I.1b" in ids            # coordinate = ["kind:phong"]
    assert "I.1a" not in ids        # centres lead, VP coordinates
    assert "IV.3" not in ids        # VP only
    assert "I.1a" in {m.id for m in config.measures_for("TTDD")}
    assert len(config.measures_for("VP")) == 30
    assert config.measures_for(None) == config.measures
    assert config.measures_for("XYZ") == ()


@pytest.mark.parametrize("text", [
    "KHTC", "khtc", "  KHTC ",
    "Phòng Kế hoạch – Tài chính",
    unicodedata.normalize("NFD", "Phòng Kế hoạch – Tài chính"),
    "PHÒNG KẾ HOẠCH – TÀI CHÍNH",
    "phòng kế hoạch - tài chính",          # hyphen for the en dash
    "Phòng Kế hoạch-Tài chính",
    "Phòng Kế hoạch — Tài chính",          # em dash
    "Phòng Kế\u00a0hoạch  –  Tài chính",
], ids=repr)
def test_find_unit_khtc(config, text):
    unit = config.find_unit(text)
    assert unit is not None and unit.code == "KHTC"


def test_find_unit_other_units_and_misses(config):
    assert config.find_unit("Văn phòng Sở").code == "VP"
    assert config.find_unit(unicodedata.normalize("NFD", "Cơ sở cai nghiện ma túy")).code == "CSCN"
    assert config.find_unit("Phòng Lao động - Việc làm - Giáo dục nghề nghiệp").code == "LDVL"
    for miss in ("XYZ", "", "Phòng Kế hoạch", "Sở"):
        assert config.find_unit(miss) is None


def test_config_is_frozen(config):
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.plan.year = 2024


def test_build_config_from_data_without_text(tmp_path):
    cfg = build_config(RAW, tmp_path / "config.toml")
    assert len(cfg.measures) == 30
    bad = {**RAW, "plan": {**RAW["plan"], "year": "2023"}}
    with pytest.raises(ConfigError, match=r"khóa plan\.year"):
        build_config(bad, tmp_path / "config.toml")


# ---------------------------------------------------------------- broken configs: key and line

def test_unknown_key_in_plan(tmp_path):
    text, line = insert_after(REAL_TEXT, "year = 2023", 'nam = 2023')
    message = fails(tmp_path, text, "plan.nam", line)
    assert "year" in message        # lists the valid keys


def test_unknown_top_level_table(tmp_path):
    text, line = insert_after(REAL_TEXT, 'nightly_at = "22:30"', '\n[bao_cao]\nhan = 20')
    fails(tmp_path, text, "bao_cao", line + 1)


def test_wrong_type_plan_year(tmp_path):
    text, line = edit(REAL_TEXT, "[plan]", 0, "year =", 'year = "2023"')
    message = fails(tmp_path, text, "plan.year", line)
    assert "'2023'" in message


@pytest.mark.parametrize("index", [0, 12, 29])
def test_measure_lead_names_unknown_unit(tmp_path, index):
    text, line = edit(REAL_TEXT, "[[measures]]", index, "lead =", 'lead = ["VP", "XYZ"]')
    message = fails(tmp_path, text, f"measures[{index}].lead", line)
    assert "XYZ" in message


def test_measure_coordinate_names_unknown_unit(tmp_path):
    text, line = edit(REAL_TEXT, "[[measures]]", 5, "coordinate =", 'coordinate = ["kind:vu"]')
    fails(tmp_path, text, "measures[5].coordinate", line)


def test_measure_without_lead(tmp_path):
    text, line = edit(REAL_TEXT, "[[measures]]", 3, "lead =", "lead = []")
    fails(tmp_path, text, "measures[3].lead", line)


def test_indicator_comparison_equals(tmp_path):
    text, line = edit(REAL_TEXT, "[[indicators]]", 9, "comparison =", 'comparison = "=="')
    message = fails(tmp_path, text, "indicators[9].comparison", line)
    assert ">=" in message and "milestone" in message


def test_indicator_target_as_percent(tmp_path):
    text, line = edit(REAL_TEXT, "[[indicators]]", 0, "target =", "target = 100")
    fails(tmp_path, text, "indicators[0].target", line)


def test_deadline_parsed_disagrees_with_text(tmp_path):
    text, line = edit(REAL_TEXT, "[[measures]]", 0, "deadline_parsed =",
                      'deadline_parsed = [{ kind = "month", month = "2023-02" }]')
    message = fails(tmp_path, text, "measures[0].deadline_parsed", line)
    assert "Tháng 01/2023" in message


def test_duplicate_unit_code(tmp_path):
    text, line = edit(REAL_TEXT, "[[units]]", 4, "code =", 'code = "VP"')
    message = fails(tmp_path, text, "units[4].code", line)
    assert "VP" in message


def test_duplicate_measure_id(tmp_path):
    text, line = edit(REAL_TEXT, "[[measures]]", 7, "id =", 'id = "I.1"')
    fails(tmp_path, text, "measures[7].id", line)


def test_invalid_nightly_at(tmp_path):
    for value in ("24:00", "22h30", "7:30"):
        text, line = edit(REAL_TEXT, "[schedule]", 0, "nightly_at =", f'nightly_at = "{value}"')
        fails(tmp_path, text, "schedule.nightly_at", line)


def test_missing_action_fatal(tmp_path):
    text, line = edit(REAL_TEXT, "[reporting]", 0, "missing_action =", 'missing_action = "fatal"')
    fails(tmp_path, text, "reporting.missing_action", line)


def test_due_day_out_of_range(tmp_path):
    text, line = edit(REAL_TEXT, "[reporting]", 0, "due_day =", "due_day = 32")
    fails(tmp_path, text, "reporting.due_day", line)


def test_toml_syntax_error_names_the_line(tmp_path):
    text, line = edit(REAL_TEXT, "[reporting]", 0, "due_day =", "due_day = = 20")
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    message = str(info.value)
    assert "config.toml" in message and "TOML" in message
    assert re.search(rf"(dòng|line) {line}\b", message), message


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "khong-co.toml")
    assert "khong-co.toml" in str(info.value)


# ---------------------------------------------------------------- [mail]

MAIL = """
[mail]
imap_host = "mail.sldtbxh.example"
imap_user = "mtcl@sldtbxh.example"
smtp_host = "mail.sldtbxh.example"
smtp_security = "starttls"
smtp_port = 587
from_address = "mtcl@sldtbxh.example"
leadership = ["giamdoc@sldtbxh.example", "phogiamdoc@sldtbxh.example"]
secretary = ["thuky.iso@sldtbxh.example"]
dry_run = true
"""


def test_valid_mail_table(tmp_path):
    text, _ = insert_after(REAL_TEXT, 'nightly_at = "22:30"', MAIL)
    mail = load_config(write(tmp_path, text)).mail
    assert isinstance(mail, Mail)
    assert mail.leadership == ("giamdoc@sldtbxh.example", "phogiamdoc@sldtbxh.example")
    assert mail.secretary == ("thuky.iso@sldtbxh.example",)
    assert (mail.smtp_security, mail.smtp_port, mail.dry_run) == ("starttls", 587, True)
    assert (mail.imap_port, mail.imap_security, mail.imap_folder) == (993, "tls", "INBOX")   # defaults kept


def test_mail_unknown_key(tmp_path):
    text, start = insert_after(REAL_TEXT, 'nightly_at = "22:30"', MAIL + 'smtp_pasword = "bí mật"\n')
    line = start + MAIL.count("\n")
    fails(tmp_path, text, "mail.smtp_pasword", line)


@pytest.mark.parametrize("old, new, key", [
    ("smtp_port =", 'smtp_port = "587"', "mail.smtp_port"),
    ("smtp_security =", 'smtp_security = "ssl"', "mail.smtp_security"),
    ("secretary =", 'secretary = ["thu ky iso"]', "mail.secretary"),
    ("dry_run =", 'dry_run = "yes"', "mail.dry_run"),
])
def test_mail_bad_values(tmp_path, old, new, key):
    text, _ = insert_after(REAL_TEXT, 'nightly_at = "22:30"', MAIL)
    text, line = edit(text, "[mail]", 0, old, new)
    fails(tmp_path, text, key, line)


# ---------------------------------------------------------------- encodings, deadline rules, duplicate names

def test_bad_deadline_parsed_rule_names_deadline_parsed(tmp_path):
    text, line = edit(REAL_TEXT, "[[measures]]", 0, "deadline_parsed =",
                      'deadline_parsed = [{ kind = "month", month = "2023-13" }]')
    fails(tmp_path, text, "measures[0].deadline_parsed", line)


@pytest.mark.parametrize("index, rule", [
    (0, '[{ kind = "month", month = 5 }]'),
    (4, '[{ kind = "yearly", dates = [["08-30"]] }]'),
])
def test_deadline_parsed_wrong_value_type(tmp_path, index, rule):
    text, line = edit(REAL_TEXT, "[[measures]]", index, "deadline_parsed =", f"deadline_parsed = {rule}")
    fails(tmp_path, text, f"measures[{index}].deadline_parsed", line)


def test_config_saved_with_utf8_bom_loads(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("\ufeff" + REAL_TEXT, encoding="utf-8")
    assert len(load_config(path).units) == 11


def test_config_not_in_utf8_is_a_config_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(REAL_TEXT, encoding="utf-16")
    with pytest.raises(ConfigError, match="config.toml"):
        load_config(path)


def test_duplicate_unit_name(tmp_path):
    text, line = edit(REAL_TEXT, "[[units]]", 1, "name =", 'name = "Văn phòng Sở"')
    fails(tmp_path, text, "units[1].name", line)


# ---------------------------------------------------------------- deadlines set in config, mappings, corrections

def measure_index(measure_id: str) -> int:
    return [m["id"] for m in RAW["measures"]].index(measure_id)


def test_a_deadline_with_a_part_the_parser_cannot_read_names_the_measure_and_the_text(tmp_path):
    i = measure_index("I.5")
    text, line = edit(REAL_TEXT, "[[measures]]", i, "deadline =", 'deadline = "Tháng 6 và tháng 12"')
    message = fails(tmp_path, text, f"measures[{i}].deadline", line)
    assert "I.5" in message and "«Tháng 6 và tháng 12»" in message and "«tháng 6 và tháng 12»" in message
    assert "due = [" in message                       # what to do


def test_due_set_in_config_replaces_the_parsed_dates_and_lets_an_unreadable_text_load(tmp_path):
    i = measure_index("I.5")
    text, _ = edit(REAL_TEXT, "[[measures]]", i, "deadline =",
                   'deadline = "Tháng 6 và tháng 12"\ndue = ["2023-06-30", 2023-12-31]')
    measure = load_config(write(tmp_path, text)).measures[i]
    assert measure.deadline == "Tháng 6 và tháng 12"
    assert measure.due == (datetime.date(2023, 6, 30), datetime.date(2023, 12, 31))


@pytest.mark.parametrize("value", ['["30/06/2023"]', '["2024-06-30"]'])
def test_due_dates_must_be_iso_dates_of_the_plan_year(tmp_path, value):
    i = measure_index("I.5")
    text, line = edit(REAL_TEXT, "[[measures]]", i, "deadline =", f'deadline = "Hàng năm"\ndue = {value}')
    fails(tmp_path, text, f"measures[{i}].due", line + 1)


def test_a_periodic_deadline_without_dates_is_a_config_error(tmp_path, config):
    i = measure_index("III.2")
    assert config.measures[i].due == () and config.measures[i].due_note       # the committed plan says so
    lines = [line for line in REAL_TEXT.splitlines() if not line.startswith(("due = []", "due_note ="))]
    message = fails(tmp_path, "\n".join(lines), f"measures[{i}].deadline", None)
    assert "III.2" in message and "Định kỳ/Thường xuyên" in message


def test_i1b_covers_thanh_tra_and_every_silent_mapping_is_stated(config):
    i1b = next(m for m in config.measures if m.id == "I.1b")
    assert "TTRA" in i1b.coordinate and set(i1b.coordinate) >= {"KHTC", "LDVL", "NCC", "BTXH", "PCTNXH"}
    assert i1b.role("TTRA") == "coordinate" and i1b.role("VP") == "lead" and i1b.role("TTDD") is None
    iv3 = next(m for m in config.measures if m.id == "IV.3")
    assert iv3.lead == ("VP",) and "Văn phòng Sở" in iv3.mapping_note


def test_the_decisions_typos_are_corrected_where_users_read_them_and_kept_on_record(config):
    by_id = {m.id: m for m in config.measures}
    assert "Sổ công văn đi" in by_id["III.1"].evidence and "Sở công văn đi" in RAW["measures"][measure_index("III.1")]["evidence"]
    assert "trực tuyến" in by_id["IV.4"].text and "trực tuyển" not in by_id["IV.4"].text
    assert all("CCVCNLD" not in by_id[m].text + by_id[m].lead_text for m in ("VI.4", "X.1", "X.2"))
    assert "Bộ Lao động – Thương binh và Xã hội" in config.objective(8).title
    originals = {c.original: c.corrected for c in config.corrections}
    assert originals == {"Sở công văn đi": "Sổ công văn đi", "trực tuyển": "trực tuyến", "CCVCNLD": "CCVCNLĐ",
                         "Bộ Lao động Thương binh và Xã hội": "Bộ Lao động – Thương binh và Xã hội"}


def test_a_correction_whose_original_is_not_in_its_record_is_a_config_error(tmp_path):
    text = REAL_TEXT.replace('original = "trực tuyển"', 'original = "trực tuyểm"')
    message = fails(tmp_path, text, "corrections[1].original", None)
    assert "trực tuyểm" in message and "IV.4" in message


def test_the_plans_issue_date_holds_earlier_deadlines(config):
    assert config.plan.issued.isoformat() == "2023-02-07" and config.reporting.effective_periods == 2


def test_a_workspace_from_before_says_what_to_write_for_the_periodic_deadline(tmp_path):
    """Before this change III.2 «Định kỳ/Thường xuyên» was stored as continuous only."""
    i = measure_index("III.2")
    text, line = edit(REAL_TEXT, "[[measures]]", i, "deadline_parsed =", 'deadline_parsed = [{ kind = "continuous" }]')
    message = fails(tmp_path, text, f"measures[{i}].deadline_parsed", line)
    assert 'deadline_parsed = [{ kind = "periodic" }, { kind = "continuous" }]' in message


def test_rule_to_toml_round_trips(config):
    from pipeline.plan.deadlines import rule_from_dict, rule_to_toml
    for m in config.measures:
        for rule in m.deadline_rules:
            assert rule_from_dict(tomllib.loads(f"r = {rule_to_toml(rule)}")["r"]) == rule


# ---------------------------------------------------------------- [documents]: who issues, signs, receives

def test_documents_table_carries_issuer_signer_and_recipients(config, tmp_path):
    assert config.documents.issuer == ("SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI")
    assert config.documents.recipients[0] == "Ban Chỉ đạo ISO Sở"
    assert not any("Ban Giám đốc" in r for r in config.documents.recipients)
    text, _ = edit(REAL_TEXT, "[documents]", 0, "authority =", 'authority = "KT. GIÁM ĐỐC"')
    text, _ = edit(text, "[documents]", 0, "signer_title =", 'signer_title = "PHÓ GIÁM ĐỐC"')
    text, _ = edit(text, "[documents]", 0, "signer_name =", 'signer_name = "Trần Thị B"')
    signed = load_config(write(tmp_path, text)).documents
    assert (signed.authority, signed.signer_title, signed.signer_name) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị B")


def test_a_config_without_documents_still_loads_with_defaults(tmp_path):
    start, stop = block_span(REAL_TEXT.splitlines(), "[documents]", 0)
    lines = REAL_TEXT.splitlines()
    cfg = load_config(write(tmp_path, "\n".join(lines[:start] + lines[stop:]) + "\n"))
    assert cfg.documents.authority == "GIÁM ĐỐC" and cfg.documents.issuer == ()
    assert cfg.documents.recipients[0] == "Ban Chỉ đạo ISO Sở" and cfg.documents.abbreviation == "SLĐTBXH"


@pytest.mark.parametrize("old, new, key", [
    ("authority =", 'authority = "TM. GIÁM ĐỐC"', "documents.authority"),
    ("authority =", 'authority = "KT. GIÁM ĐỐC"', "documents.signer_title"),   # ký thay: whose title?
    ("recipients =", "recipients = []", "documents.recipients"),
])
def test_a_wrong_documents_entry_is_named(tmp_path, old, new, key):
    text, line = edit(REAL_TEXT, "[documents]", 0, old, new)
    fails(tmp_path, text, key, line if key.endswith(old.split()[0]) else None)
