"""Leadership's nightly digest: one message for every period whose figures changed, as plain text and as a one-page
HTML summary a phone shows well; pure (send() sends it, the ledger remembers what it told)."""
from __future__ import annotations

import datetime as dt
import hashlib
import html
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Iterable

from ..consolidate.analysis import Analysis
from ..consolidate.timeliness import reporting_rate
from ..plan.config import Config
from ..vi import pct, vi_int, vi_ratio
from ..vi.mail import DIGEST, MESSAGES
from .messages import _footer, _lower_first, attach_file, new_message
from .settings import mail_settings

PENDING = "pending"                 # a period's changes wait for the next night's digest (ledger.digested)
DIGEST_LINES = 10                   # units behind and indicators missed one section names; the workbook has all
ATTACH_BYTES = 10 * 1024 * 1024     # workbooks one digest carries at most; the others are named by path


@dataclass(frozen=True)
class Section:
    """One period of the digest: its lines (plain text), the same as HTML, and a fingerprint of its figures."""
    period: str
    title: str
    lines: tuple[str, ...]
    rows: tuple[tuple[str, str, str, str, str | None], ...]   # indicator, rate, target, result, tone
    workbook: Path | None

    @property
    def fingerprint(self) -> str:
        """What the digest told of the period: the same figures tomorrow are not news."""
        return hashlib.sha256(repr((self.lines, self.rows)).encode()).hexdigest()


def section(config: Config, analysis: Analysis, outputs: dict[str, Path]) -> Section:
    """The period's figures as leadership reads them first: objectives met, reports in, what is overdue, which
    indicators missed and who is behind."""
    period, metrics = analysis.period, analysis.metrics
    total = reporting_rate(analysis.timeliness_in(period))
    met = sum(o.met is True for o in metrics.objectives)
    judged = sum(o.met is not None for o in metrics.objectives)
    lines = [DIGEST["objectives"].format(met=vi_ratio(met, judged)),
             DIGEST["reports"].format(received=vi_ratio(total.reported, total.expected), rate=pct(total.reporting_rate),
                                      on_time=vi_int(total.on_time), on_time_rate=pct(total.on_time_rate)),
             DIGEST["overdue"].format(count=vi_int(len(analysis.overdue))),
             DIGEST["actions"].format(count=vi_int(len(analysis.open_actions)),
                                      overdue=vi_int(sum(a.overdue for a in analysis.open_actions)))]
    behind = [DIGEST["behind-line"].format(name=config.unit(b.unit).name, summary=b.summary)
              for b in analysis.behind[:DIGEST_LINES]]
    if len(analysis.behind) > DIGEST_LINES:
        behind.append(DIGEST["more"].format(count=vi_int(len(analysis.behind) - DIGEST_LINES)))
    lines += [DIGEST["behind"]] + behind if behind else [DIGEST["none-behind"]]
    rows = tuple((f"{r.id}. {r.name}", pct(r.rate), r.target_label, r.result_vi,
                  {True: "ok", False: "bad"}.get(r.met)) for r in metrics.indicators)
    return Section(period.key, period.label_vi, tuple(lines), rows, outputs.get("workbook"))


def changed_sections(sections: Iterable[Section], digested: dict[str, str]) -> list[Section]:
    """The sections whose figures differ from what the last digest sent said (`digested`: period → fingerprint)."""
    return [s for s in sections if digested.get(s.period) != s.fingerprint]


def digest_key(today: dt.date) -> str:
    """One digest a night: send() sends a key once."""
    return f"digest:{today.isoformat()}"


def _text(sections: list[Section]) -> list[str]:
    out = []
    for s in sections:
        out += ["", s.title.upper(), *(f"- {line}" if not line.endswith(":") else line for line in s.lines)]
        missed = [r for r in s.rows if r[4] == "bad"]
        if missed:
            out.append(DIGEST["missed"])
            out += [f"  + {DIGEST['missed-line'].format(indicator=r[0], rate=r[1], target=r[2])}"
                    for r in missed[:DIGEST_LINES]]
    return out


_CSS = ("body{font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.4;color:#1f1f1f;margin:0;padding:8px}"
        "div.page{max-width:600px;margin:0 auto}h1{font-size:19px;margin:6px 0}h2{font-size:17px;margin:18px 0 6px;"
        "border-bottom:2px solid #1F4E78}table{border-collapse:collapse;width:100%;font-size:14px}"
        "td,th{border:1px solid #ccc;padding:4px;text-align:left;vertical-align:top}th{background:#D9E1F2}"
        "td.ok{background:#C6EFCE}td.bad{background:#FFC7CE}p.note{color:#555;font-size:13px}")


def _html(intro: str, sections: list[Section]) -> str:
    e = html.escape
    out = ['<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<style>{_CSS}</style></head><body><div class=\"page\">",
           f"<h1>{e(DIGEST['html-title'])}</h1>", f"<p>{e(intro)}</p>"]
    for s in sections:
        out.append(f"<h2>{e(s.title)}</h2><ul>")
        items = [line for line in s.lines if not line.endswith(":")]
        out += [f"<li>{e(line)}</li>" for line in items]
        out.append("</ul>")
        head = "".join(f"<th>{e(h)}</th>" for h in DIGEST["html-headers"])
        body = "".join(f"<tr><td>{e(i)}</td><td>{e(rate)}</td><td>{e(target)}</td>"
                       f"<td class=\"{tone or ''}\">{e(result)}</td></tr>" for i, rate, target, result, tone in s.rows)
        out.append(f"<table><tr>{head}</tr>{body}</table>")
    out.append(f"<p class=\"note\">{e(MESSAGES['footer'])}</p></div></body></html>")
    return "".join(out)


def digest_message(config: Config, sections: list[Section], today: dt.date) -> EmailMessage:
    """The night's one digest to leadership, copied to the secretary: a plain-text part and the same as HTML, the
    workbooks of the periods attached (while they stay small; the others named)."""
    mail = mail_settings(config)
    labels = ", ".join(_lower_first(s.title) for s in sections)
    subject = DIGEST["subject"].format(day=f"{today:%d/%m/%Y}", count=len(sections), periods=labels) \
        if len(sections) > 1 else DIGEST["subject-one"].format(period=_lower_first(sections[0].title))
    intro = DIGEST["intro"].format(count=len(sections), periods=labels)
    attached, named, size = [], [], 0
    for s in sections:
        if s.workbook is None or not Path(s.workbook).exists():
            continue
        if size + Path(s.workbook).stat().st_size <= ATTACH_BYTES:
            attached.append(s.workbook)
            size += Path(s.workbook).stat().st_size
        else:
            named.append(s.workbook)
    lines = [MESSAGES["summary-greeting"], "", intro] + _text(sections)
    if attached:
        lines += ["", DIGEST["attached"].format(names=", ".join(p.name for p in attached))]
    if named:
        lines += [DIGEST["not-attached"].format(paths="; ".join(str(p) for p in named))]
    lines += _footer(config)
    to = list(mail.leadership) or list(mail.secretary)
    message = new_message(config, digest_key(today), to, subject, "\n".join(lines), cc=mail.secretary)
    message.add_alternative(_html(intro, sections), subtype="html", charset="utf-8", cte="quoted-printable")
    for path in attached:
        attach_file(message, path)
    return message
