"""The `mtcl` command: a thin click layer over the library; each command calls one library function."""
from __future__ import annotations

import contextlib
import json
import logging
import sys
from pathlib import Path

import click

from . import __version__
from .model import Status, Submitted, has_errors
from .plan.config import Config, ConfigError, load_config
from .plan.periods import Period, parse_period
from .vi import SEVERITY_VI, STAGE_VI, VERDICT_VI, WORDS, vi_int, vi_ratio
from .vi.cli import CLI
from .vi.plan_import import PLAN_IMPORT

log = logging.getLogger("pipeline")


class UsageProblem(click.ClickException):
    """A usage or config problem: exit code 2, before any work starts."""
    exit_code = 2


def _config(path: str) -> Config:
    try:
        return load_config(path)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from exc


def _period(value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return parse_period(value)
    except ValueError:
        raise UsageProblem(CLI["period.1"].format(value=value))


class _ProgressLine:
    """One line on the terminal's stderr, rewritten as the run goes: the stage, and its count where it
    has one (`đang đọc và kiểm tra tệp 120/1.000`). `clear()` wipes it before the results are printed."""

    def __init__(self, stream):
        self.stream, self.width = stream, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        text = f"  {STAGE_VI.get(stage, stage)} " + (vi_ratio(done, total) if total else "…")
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


@contextlib.contextmanager
def _progress():
    """A progress line on a terminal; silence in a scheduler's log (yields None). A log message (a
    warning, or every stage's seconds with -v) first wipes the line, so it starts a line of its own."""
    if not sys.stderr.isatty():
        yield None
        return
    line = _ProgressLine(click.get_text_stream("stderr"))

    def wipe_first(record: logging.LogRecord) -> bool:
        line.clear()
        return True
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(wipe_first)
    try:
        yield line
    finally:
        for handler in handlers:
            handler.removeFilter(wipe_first)
        line.clear()


config_option = click.option("--config", "config_path", default="config.toml", show_default=True,
                             envvar="MTCL_CONFIG", type=click.Path(dir_okay=False),
                             help=CLI["module.1"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtcl")
@click.option("-v", "--verbose", is_flag=True, help=CLI["main.1"])
def main(verbose: bool) -> None:
    """mtcl — tổng hợp báo cáo mục tiêu chất lượng (ISO 9001:2015) của các đơn vị.

    Các đơn vị nộp mẫu Excel; mtcl kiểm tra, tổng hợp, tính chỉ tiêu và viết bảng tổng hợp
    cùng bản tóm tắt cho lãnh đạo.
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from .intake.precheck import UnsafeEnvironment, ensure_safe_xml
    try:
        ensure_safe_xml()
    except UnsafeEnvironment as exc:
        raise UsageProblem(str(exc)) from exc


@main.command()
@config_option
@click.option("--period", "periods", multiple=True, metavar=CLI["run.1"],
              help=CLI["run.2"])
@click.option("--json", "as_json", is_flag=True, help=CLI["run.3"])
@click.option("--summary-mail", is_flag=True,
              help=CLI["run.4"])
@click.option("--no-mail", is_flag=True, help=CLI["run.5"])
def run(config_path: str, periods: tuple[str, ...], as_json: bool, summary_mail: bool, no_mail: bool) -> None:
    """Thu thập, kiểm tra và tổng hợp mọi tệp trong thư mục inbound.

    Example: mtcl run --config config.toml --period 2023-05
    """
    from .run import RunInProgress, run as run_pipeline
    config = _config(config_path)
    chosen = [_period(p) for p in periods] or None
    try:
        with _progress() as progress:
            result = run_pipeline(config, periods=chosen, progress=progress, mail=not no_mail,
                                  summary_mail=summary_mail)
    except RunInProgress as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:
        log.exception("run failed")
        raise click.ClickException(CLI["run.6"].format(exc=exc)) from exc
    if as_json:
        summaries = [pr.outputs["summary_json"] for pr in result.periods] or \
            [files["summary_json"] for files in result.previous_outputs.values()]
        for path in summaries:
            click.echo(path.read_text(encoding="utf-8"))
        return
    if result.unchanged:
        click.echo(CLI["run.7"])
        for period, files in result.previous_outputs.items():
            click.echo(f"  {period}: {files['workbook']}")
        return
    if result.fetched:
        click.echo(CLI["run.8"].format(messages=result.fetched.messages, len=len(result.fetched.stored)))
    for problem in result.mail_errors:
        click.echo(CLI["run.9"].format(problem=problem), err=True)
    click.echo(CLI["run.10"].format(vi_int=vi_int(len(result.new_files)), vi_int2=vi_int(len(result.deferred))))
    for pr in result.periods:
        m = pr.metrics
        met = sum(o.met is True for o in m.objectives)
        rejected = sum(o.status == Status.REJECTED for o in pr.outcomes)
        held = sum(o.status == Status.HELD for o in pr.outcomes)
        click.echo(CLI["run.11"].format(period=m.period.label_vi, received=vi_ratio(m.submitted, m.expected),
                                        on_time=vi_int(m.count(Submitted.ON_TIME)), late=vi_int(m.count(Submitted.LATE)),
                                        met=vi_ratio(met, len(m.objectives)), rejected=vi_int(rejected)))
        if held:
            click.echo(CLI["run-held"].format(held=vi_int(held)))
        click.echo(CLI["run.12"].format(outputs=pr.outputs['workbook']))


@main.command()
@config_option
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help=CLI["validate.1"])
@click.option("--annotate", "annotate", default=None, type=click.Path(dir_okay=False),
              help=CLI["validate.2"])
def validate(config_path: str, files: tuple[str, ...], as_json: bool, annotate: str | None) -> None:
    """Kiểm tra tệp báo cáo trước khi gửi (không ghi nhận gì); mã thoát 1 nếu có lỗi.

    Cùng các quy tắc như khi tổng hợp. Tệp gốc không bị thay đổi.

    Example: mtcl validate KHTC_2023-05.xlsx --annotate KHTC_2023-05_kiem-tra.xlsx
    """
    if annotate and len(files) != 1:
        raise UsageProblem(CLI["validate.3"])
    from .run import check_files
    checked = check_files(_config(config_path), [Path(name) for name in files], Path(annotate) if annotate else None)
    if as_json:
        click.echo(json.dumps([{"file": name, "unit": c.unit, "period": c.period.key if c.period else None,
                                "verdict": c.verdict, "findings": [f.to_dict() for f in c.findings]}
                               for name, c in zip(files, checked)], ensure_ascii=False, indent=2))
    for name, c in zip(files, checked) if not as_json else ():
        click.echo(CLI["validate.4"].format(name=name, verdict=VERDICT_VI[c.verdict].upper(), unit=c.unit or "?",
                                            period=c.period or "?"))
        for f in c.findings:
            where = f"{f.sheet}!{f.cell}" if f.cell else (f.sheet or "")
            click.echo(f"  {SEVERITY_VI[f.severity]:<9} {f.code:<26} {where:<14} {f.message}")
    failed = any(has_errors(c.findings) for c in checked)
    sys.exit(1 if failed else 0)


@main.command()
@config_option
@click.option("--period", default=None, metavar=WORDS["ky"], help=CLI["status.2"])
def status(config_path: str, period: str | None) -> None:
    """Đơn vị nào đã nộp, đúng hạn hay trễ hạn, đơn vị nào chưa nộp (chỉ đọc, không ghi gì).

    Example: mtcl status --period 2023-05
    """
    from .run import recorded_statuses
    from .vi import UNIT_STATUS_VI
    config = _config(config_path)
    if not config.paths.ledger.exists():
        raise click.ClickException(CLI["status.3"])
    chosen, statuses = recorded_statuses(config, _period(period))
    click.echo(CLI["status.4"].format(label_vi=chosen.label_vi, due_date=chosen.months()[-1].due_date(config.reporting.due_day)))
    for s in statuses:
        when = CLI["status.5"].format(received_at=s.received_at) if s.received_at else ""
        click.echo(f"  {s.unit:<8} {config.unit(s.unit).name:<50} {UNIT_STATUS_VI[s.status]}{when}")


@main.command()
@config_option
@click.argument("file", required=False)
@click.option("--unit", default=None, metavar=CLI["confirm-unit-metavar"], help=CLI["confirm-unit-help"])
@click.option("--period", default=None, metavar="YYYY-MM", help=CLI["confirm-period-help"])
@click.option("--reject", is_flag=True, help=CLI["confirm-reject-help"])
def confirm(config_path: str, file: str | None, unit: str | None, period: str | None, reject: bool) -> None:
    """Xác nhận hoặc trả lại một tệp đang chờ xác nhận (các dấu hiệu trong tệp ghi khác nhau về đơn vị hoặc kỳ).

    Không ghi tên tệp: liệt kê các tệp đang chờ xác nhận. Lần tổng hợp sau sẽ áp dụng quyết định.

    Example: mtcl confirm KHTC/KHTC_2023-05.xlsx --unit KHTC --period 2023-05
    """
    from .run import NotHeld, RunInProgress, confirm_file, held_files
    config = _config(config_path)
    if not config.paths.ledger.exists():
        raise click.ClickException(CLI["status.3"])
    if file is None:
        held = held_files(config)
        click.echo(CLI["confirm-list"].format(count=len(held)) if held else CLI["confirm-none-held"])
        for outcome, reasons in held:
            click.echo(f"  {outcome.submission.path}")
            for reason in reasons:
                click.echo(f"    - {reason}")
        return
    try:
        outcome, unit_code, month = confirm_file(config, file, unit, _period(period), reject)
    except (NotHeld, RunInProgress) as exc:
        raise UsageProblem(str(exc)) from exc
    if reject:
        click.echo(CLI["confirm-rejected"].format(name=outcome.submission.path))
    else:
        click.echo(CLI["confirm-done"].format(name=outcome.submission.path, unit=config.unit(unit_code).name,
                                              period=month.form_value))


@main.command()
@config_option
@click.option("--unit", default=None, metavar=CLI["template.1"], help=CLI["template.2"])
@click.option("--period", default=None, metavar="YYYY-MM", help=CLI["template.3"])
@click.option("--out", default=None, type=click.Path(dir_okay=False),
              help=CLI["template.4"])
def template(config_path: str, unit: str | None, period: str | None, out: str | None) -> None:
    """Tạo mẫu báo cáo từ cấu hình; với --unit và --period, bản điền sẵn cho một đơn vị.

    Example: mtcl template --unit KHTC --period 2023-05 --out KHTC_2023-05.xlsx
    """
    from .outputs.template import write_template
    config = _config(config_path)
    if (unit is None) != (period is None):
        raise UsageProblem(CLI["template.5"])
    if unit is not None and not any(u.code == unit for u in config.units):
        raise UsageProblem(CLI["template.6"].format(unit=unit)
                           + ", ".join(u.code for u in config.units))
    chosen = _period(period)
    if chosen is not None and chosen.months_count != 1:
        raise UsageProblem(CLI["template.7"])
    target = Path(out) if out else config.source.parent / "templates" / "plan_template.xlsx"
    write_template(config, target, unit, chosen)
    click.echo(CLI["template.8"].format(target=target))


@main.command()
@click.option("--workdir", default="demo", show_default=True, type=click.Path(file_okay=False),
              help=CLI["demo.1"])
@click.option("--months", default=1, show_default=True, type=click.IntRange(1, 12),
              help=CLI["demo.2"])
@click.option("--units", default=None, type=click.IntRange(1, 100_000), metavar="N",
              help=CLI["demo.3"])
@config_option
def demo(workdir: str, months: int, units: int | None, config_path: str) -> None:
    """Tạo không gian làm việc mẫu với báo cáo của các đơn vị, rồi chạy tổng hợp.

    Example: mtcl demo --workdir demo --months 12
    """
    from .demo.year import build_demo, demo_periods
    from .run import run as run_pipeline
    source = Path(_config(config_path).source)
    if units is not None:
        if months != 1:
            raise UsageProblem(CLI["demo.4"])
        from .demo.synthetic import build_synthetic
        with _progress() as progress:
            if progress is None:
                click.echo(CLI["demo.5"].format(vi_int=vi_int(units)), err=True)
            config, periods = build_synthetic(Path(workdir), source, units, progress=progress), None
    else:
        config = build_demo(Path(workdir), source, months=months)
        periods = demo_periods(config, months)
    with _progress() as progress:
        result = run_pipeline(config, periods=periods, progress=progress)
    for pr in result.periods:
        m = pr.metrics
        click.echo(CLI["demo.6"].format(label_vi=m.period.label_vi, vi_ratio=vi_ratio(m.submitted, m.expected), vi_int=vi_int(sum(o.status == Status.REJECTED for o in pr.outcomes))))
        click.echo(CLI["demo.7"].format(outputs=pr.outputs['workbook']))
        click.echo(CLI["demo.8"].format(outputs=pr.outputs['summary_md']))


@main.command("schedule")
@config_option
def schedule_command(config_path: str) -> None:
    """Chạy tổng hợp mỗi đêm vào giờ ghi trong cấu hình ([schedule] nightly_at), đến khi bị dừng.

    Nhật ký ghi vào outbound/logs/mtcl.log (xoay vòng). Dừng bằng Ctrl-C hoặc SIGTERM.

    Example: mtcl schedule --config config.toml
    """
    from .scheduler import log_file, rotating_log, serve
    from .run import run as run_pipeline
    config = _config(config_path)
    logging.getLogger().addHandler(rotating_log(config))
    logging.getLogger().setLevel(logging.INFO)
    click.echo(CLI["schedule_command.1"].format(nightly_at=config.nightly_at, log_file=log_file(config)))
    serve(config, lambda c: run_pipeline(c, summary_mail=True))
    click.echo(CLI["schedule_command.2"])


@main.command("fetch-mail")
@config_option
def fetch_mail_command(config_path: str) -> None:
    """Lấy các tệp báo cáo đính kèm trong hộp thư (IMAP) về inbound/email/ (mỗi tệp một lần).

    «mtcl run» cũng làm bước này trước tiên khi có bảng [mail]. Mật khẩu lấy từ biến môi trường
    (mặc định MTCL_MAIL_PASSWORD) hoặc tệp bí mật, không bao giờ từ config.toml.

    Example: MTCL_MAIL_PASSWORD=... mtcl fetch-mail --config config.toml
    """
    from .mail.settings import MailError
    from .run import RunInProgress, fetch_mail_now
    config = _config(config_path)
    if config.mail is None or not config.mail.imap_host:
        raise UsageProblem(CLI["fetch_mail_command.1"])
    try:
        with _progress() as progress:
            result = fetch_mail_now(config, progress)
    except (RunInProgress, MailError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(CLI["fetch_mail_command.3"].format(messages=result.messages, stored=len(result.stored),
                                                  duplicates=result.duplicates))
    for item in result.skipped:
        click.echo(CLI["fetch_mail_command.4"].format(reason=item.message_vi(config)))
    for sender in result.unknown_senders:
        click.echo(CLI["fetch_mail_command.5"].format(sender=sender))


def _documents(config_path: str, period: str, make, failure: str) -> dict[str, Path]:
    """Consolidate the period, then write its documents with `make`; a failure is a clear message."""
    config, chosen = _config(config_path), _period(period)
    try:
        with _progress() as progress:
            return make(config, chosen, progress=progress)
    except Exception as exc:
        log.exception("%s failed", make.__name__)
        raise click.ClickException(f"{failure}: {exc}") from exc


@main.group()
def plan() -> None:
    """Kế hoạch MTCL của năm: nhập quyết định ban hành kế hoạch năm mới.

    Example: mtcl plan import QD-MTCL-2024.docx --out plan-2024.toml
    """


@plan.command("import")
@config_option
@click.argument("decision", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help=PLAN_IMPORT["cli-out"])
def plan_import(config_path: str, decision: str, out: str) -> None:
    """Đọc quyết định ban hành Mục tiêu chất lượng và Kế hoạch thực hiện MTCL (.docx), ghi tệp kế hoạch.

    Đơn vị, chỉ tiêu và phần so sánh lấy từ kế hoạch năm trước (--config). Bên cạnh tệp kế hoạch là danh sách
    cần xem lại (.review.md): hàng không xếp được, đơn vị chưa xác định, thời hạn không đọc được, mục tiêu
    thay đổi so với năm trước. Mã thoát 2 nếu tệp không phải quyết định như vậy.

    Example: mtcl plan import QD-MTCL-2024.docx --out plan-2024.toml --config config.toml
    """
    from .plan.decision import DecisionError, import_decision
    try:
        result = import_decision(Path(decision), Path(out), _config(config_path))
    except DecisionError as exc:
        raise UsageProblem(str(exc)) from exc
    click.echo(PLAN_IMPORT["cli-done"].format(source=Path(decision).name, objectives=vi_int(result.objectives),
                                              measures=vi_int(result.measures), plan=result.plan_path))
    for item in result.review:
        click.echo(f"  [{PLAN_IMPORT['level-' + item.level]}] {item.where}: {item.message}")
    if not result.loads:
        click.echo(PLAN_IMPORT["cli-not-loading"])
    click.echo(PLAN_IMPORT["cli-review"].format(count=vi_int(len(result.review)), review=result.review_path))


@main.command()
@config_option
@click.option("--period", required=True, metavar=WORDS["ky"], help=CLI["report.2"])
@click.option("--unit", "units", multiple=True, metavar=CLI["template.1"], help=CLI["report.unit"])
def report(config_path: str, period: str, units: tuple[str, ...]) -> None:
    """Tổng hợp kỳ, rồi viết dự thảo «Báo cáo kết quả thực hiện Mục tiêu chất lượng» (.docx), summary.html, bản
    tóm tắt một trang cho Giám đốc và, với --unit, phiếu kết quả một trang của đơn vị.

    Example: mtcl report --period 2023-H1 --unit KHTC
    """
    from .run import make_report
    outputs = _documents(config_path, period, lambda c, p, progress: make_report(c, p, progress=progress, units=units),
                         CLI["report.3"])
    click.echo(CLI["report.4"].format(outputs=outputs['report']))
    click.echo(CLI["report.5"].format(outputs=outputs['html']))
    click.echo(CLI["report.6"].format(outputs=outputs['summary_docx']))
    for key, path in outputs.items():
        if key.startswith("card:"):
            click.echo(CLI["report.7"].format(outputs=path))


@main.command()
@config_option
@click.option("--period", required=True, metavar=WORDS["ky"], help=CLI["review.2"])
def review(config_path: str, period: str) -> None:
    """Tổng hợp kỳ, rồi viết hồ sơ đầu vào họp xem xét của lãnh đạo theo mục 9.3.2 ISO 9001:2015 (.docx).

    Example: mtcl review --period 2023-H1
    """
    from .run import make_review
    outputs = _documents(config_path, period, make_review, CLI["review.3"])
    click.echo(CLI["review.4"].format(outputs=outputs['review']))
