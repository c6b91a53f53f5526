"""A document as one self-contained HTML page, its charts drawn in SVG."""
from __future__ import annotations

import html
from pathlib import Path

from ...consolidate.analysis import Analysis
from ...plan.config import Config
from .content import Chart, Document, Heading, Paragraph, Table
from ...vi.documents import DOCUMENTS


_CSS = """
body{font-family:"Times New Roman",Times,serif;max-width:980px;margin:24px auto;padding:0 16px;color:#1f1f1f;
  line-height:1.45}
h1{font-size:22px;text-align:center;margin:4px 0}
h2{font-size:18px;border-bottom:2px solid #1F4E78;padding-bottom:2px;margin-top:28px}
h3{font-size:16px;font-style:italic;margin:18px 0 6px}
p.centre,p.sub{text-align:center}p.sub,p.note{font-style:italic;color:#555}li{margin:3px 0}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:14px}
th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top}th{background:#D9E1F2}
td.ok{background:#C6EFCE;color:#006100}td.bad{background:#FFC7CE;color:#9C0006}td.warn{background:#FFEB9C;color:#9C5700}
figure{margin:10px 0 18px}svg{max-width:100%;height:auto;font-family:Arial,Helvetica,sans-serif}
"""


def write_html(document: Document, config: Config, analysis: Analysis, path: Path) -> None:
    """The same content as a self-contained page (inline CSS and SVG, no network) for a browser or mail."""
    path.write_text(render_html(document, config, analysis), encoding="utf-8")


def render_html(document: Document, config: Config, analysis: Analysis) -> str:
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="vi"><head><meta charset="utf-8">',
           f"<title>{e(document.title)} — {e(document.subtitle)}</title>", f"<style>{_CSS}</style></head><body>",
           f'<p class="sub">{e(config.plan.department)}</p>', f"<h1>{e(document.title)}</h1>",
           f'<p class="centre"><b>{e(document.subtitle)}</b></p>']
    in_list = False
    for block in document.blocks:
        bullet = isinstance(block, Paragraph) and block.style == "bullet"
        if in_list and not bullet:
            out.append("</ul>")
            in_list = False
        if isinstance(block, Heading):
            out.append(f"<h{block.level + 1}>{e(block.text)}</h{block.level + 1}>")
        elif bullet:
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{e(block.text)}</li>")
        elif isinstance(block, Paragraph):
            out.append(f'<p class="{block.style}">{e(block.text)}</p>')
        elif isinstance(block, Table):
            heads = "".join(f"<th>{e(h)}</th>" for h in block.headers)
            out.append(f"<table><thead><tr>{heads}</tr></thead><tbody>")
            for row in block.rows:
                out.append("<tr>" + "".join(f'<td class="{tone}">{e(text)}</td>' if tone else f"<td>{e(text)}</td>"
                                            for text, tone in row) + "</tr>")
            out.append("</tbody></table>")
        elif isinstance(block, Chart):
            out.append(f"<figure>{svg_chart(block)}</figure>")
    if in_list:
        out.append("</ul>")
    out.append(DOCUMENTS["render_html.1"].format(today=analysis.today, as_of=analysis.as_of))
    return "\n".join(out)


_TONE_COLOUR = {"ok": "#2E7D32", "bad": "#C62828", "warn": "#F9A825", None: "#9E9E9E"}


def svg_chart(chart: Chart, width: int = 940, height: int = 300) -> str:
    """Draw a chart as inline SVG: bars with target markers, lines, or stacked bars."""
    e = html.escape
    left, right, top, bottom = 48, 12, 46, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(chart.categories), 1)
    if chart.kind == "stacked":
        top_value = max([sum(v or 0 for v in vals) for vals in zip(*(s[1] for s in chart.series))] or [1]) or 1
    elif chart.percent:
        top_value = 1.0
    else:
        top_value = max([v or 0 for s in chart.series for v in s[1]] or [1]) or 1
    y = lambda v: top + plot_h * (1 - v / top_value)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{e(chart.title)}">',
             f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">'
             f'{e(chart.title)}</text>']
    for k in range(6):                                               # gridlines and the value axis
        value = top_value * k / 5
        label = f"{value:.0%}" if chart.percent else f"{value:g}"
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#e0e0e0"/><text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
                     f'font-size="11">{label}</text>')
    step = plot_w / n
    for i, category in enumerate(chart.categories):
        parts.append(f'<text x="{left + step * (i + 0.5):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                     f'font-size="11">{e(category)}</text>')
    bar_w = step * 0.6
    if chart.kind in ("bars", "stacked"):
        base = [0.0] * n
        for s, (name, values, colour) in enumerate(chart.series):
            for i, v in enumerate(values):
                if v is None:
                    continue
                x = left + step * i + (step - bar_w) / 2
                fill = _TONE_COLOUR[chart.tones[i]] if chart.kind == "bars" and chart.tones else colour
                y0, y1 = y(base[i] + v), y(base[i])
                tip = f"{chart.categories[i]}: {_value(v, chart.percent)}"
                parts.append(f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bar_w:.1f}" height="{max(y1 - y0, 0):.1f}" '
                             f'fill="{fill}"><title>{e(tip)}</title></rect>')
                if chart.kind == "bars":
                    parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y0 - 4:.1f}" text-anchor="middle" '
                                 f'font-size="10">{_value(v, chart.percent)}</text>')
                if chart.kind == "stacked":
                    base[i] += v
        for i, target in enumerate(chart.targets):
            x = left + step * i + (step - bar_w) / 2 - 3
            parts.append(DOCUMENTS["svg_chart.1"].format(x=x, value=x + bar_w + 6, y=y(target), y2=y(target), value2=_value(target, True)))
    else:
        for name, values, colour in chart.series:
            points = [(left + step * (i + 0.5), y(v)) for i, v in enumerate(values) if v is not None]
            if points:
                parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="'
                             + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>')
                parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>' for px, py in points]
    legend_x = left
    for name, _, colour in chart.series if chart.kind != "bars" else []:
        parts.append(f'<rect x="{legend_x}" y="{height - 18}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{legend_x + 16}" y="{height - 8}" font-size="12">{e(name)}</text>')
        legend_x += 30 + 8 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def _value(v: float, percent: bool) -> str:
    """100% only when exactly 100%: 99.7% must not read as met."""
    if not percent:
        return f"{v:g}"
    return f"{v:.0%}" if abs(v * 100 - round(v * 100)) < 1e-9 else f"{v:.1%}"
