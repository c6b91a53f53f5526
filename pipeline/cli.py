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
from .plan.calendar import yearly_reports
from .plan.periods import Period, parse_period
from .plan.years import load_all_plans
from .vi import SEVERITY_VI, STAGE_VI, VERDICT_VI, WORDS, vi_int, vi_ratio
from .vi.cli import CLI
from .vi.plan_import import PLAN_IMPORT
from .vi.review import CLI_TEXT as REVIEW_CLI

log = logging.getLogger("pipeline")


class Problem(click.ClickException):
    """A problem mtcl reports and stops on: shown as «Lỗi: …» (click's own frame is English)."""

    def show(self, file=None) -> None:
        click.echo(CLI["error"].format(message=self.format_message()), file=file, err=file is None)


class UsageProblem(Problem):
    """A usage or config problem: exit code 2, before any work starts."""
    exit_code = 2


class _Vietnamese(click.Command):
    """A command whose help reads Vietnamese throughout: click's own headings and help option translated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", CLI["options-metavar"])
        super().__init__(*args, **kwargs)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=CLI["usage"])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [p.get_help_record(ctx) for p in self.get_params(ctx) if not isinstance(p, click.Argument)]
        if any(rows):
            with formatter.section(CLI["options"]):
                formatter.write_dl([row for row in rows if row])

    def get_help_option(self, ctx: click.Context):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = CLI["help-option"]
        return option


def _config(path: str) -> Config:
    try:
        config = load_config(path)
        load_all_plans(config)          # every year's plan file checked before any work starts
        return config
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from exc


def _ledger_made(config: Config) -> bool:
    """Whether a run has made the ledger; a ledger gone while the archive holds files counts as made (opening it
    then says it is lost, and how to get it back)."""
    from .store.ledger import archive_holds_files
    return config.paths.ledger.exists() or archive_holds_files(config.paths.archive)


def _period(value: str | None, config: Config) -> Period | None:
    if value is None:
        return None
    try:
        return config.period(value)
    except ValueError:
        reports = "".join(CLI["period.report"].format(id=r.id, title=r.title) for r in yearly_reports(config.reports))
        raise UsageProblem(CLI["period.1"].format(value=value) + (reports or CLI["period.no-reports"]))


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


class _Mtcl(click.Group):
    """The command group: a ledger that cannot be trusted stops any command that opens it with the Vietnamese
    message naming the file and the two ways out (exit 1), never a traceback."""

    def invoke(self, ctx: click.Context):
        from .store.ledger import LedgerDamaged
        try:
            return super().invoke(ctx)
        except LedgerDamaged as exc:
            log.info("ledger %s unusable: %s", exc.path, exc.reason)
            raise Problem(str(exc)) from exc


def _given(name: str) -> bool:
    """Whether the user gave option `name` (on the command line or through its environment variable)."""
    source = click.get_current_context().get_parameter_source(name)
    return source not in (None, click.core.ParameterSource.DEFAULT)


@contextlib.contextmanager
def _plan_source(config_path: str):
    """The config to start a workspace from: the one named, else ./config.toml, else (none given and none here)
    the plan packaged with mtcl."""
    if Path(config_path).exists() or _given("config_path"):
        yield Path(_config(config_path).source)
        return
    from .plan.packaged import default_plan_path
    with default_plan_path() as path:
        yield path


@click.group(cls=_Mtcl, context_settings={"help_option_names": ["-h", "--help"]})
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
    from .store.ledger import LedgerDamaged
    config = _config(config_path)
    chosen = [_period(p, config) for p in periods] or None
    try:
        with _progress() as progress:
            result = run_pipeline(config, periods=chosen, progress=progress, mail=not no_mail,
                                  summary_mail=summary_mail)
    except LedgerDamaged:
        raise           # the group says what to do
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


@main.command(cls=_Vietnamese)
@click.option("--config", "config_path", default="config.toml", envvar="MTCL_CONFIG",
              type=click.Path(dir_okay=False), metavar=CLI["file-metavar"], help=CLI["validate-config"])
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False), metavar=CLI["files-metavar"])
@click.option("--json", "as_json", is_flag=True, help=CLI["validate.1"])
@click.option("--annotate", "annotate", default=None, type=click.Path(dir_okay=False), metavar=CLI["file-metavar"],
              help=CLI["validate.2"])
def validate(config_path: str, files: tuple[str, ...], as_json: bool, annotate: str | None) -> None:
    """Kiểm tra tệp báo cáo trước khi gửi (không ghi nhận gì); mã thoát 1 nếu có lỗi.

    Cùng các quy tắc như khi tổng hợp. Tệp gốc không bị thay đổi. Máy không có config.toml (máy của đơn vị):
    kiểm tra theo kế hoạch đi kèm mtcl mà tệp ghi trong trang ẩn _mtcl.

    Example: mtcl validate KHTC_2023-05.xlsx --annotate KHTC_2023-05_kiem-tra.xlsx
    """
    if not files:
        raise UsageProblem(CLI["validate-no-files"])
    absent = [name for name in files if not Path(name).is_file()]
    if absent:
        raise UsageProblem(CLI["validate-absent"].format(names=", ".join(absent)))
    if annotate and len(files) != 1:
        raise UsageProblem(CLI["validate.3"])
    from .run import check_files, check_files_packaged
    paths, target = [Path(name) for name in files], Path(annotate) if annotate else None
    if Path(config_path).exists() or _given("config_path"):
        checked = check_files(_config(config_path), paths, target)
        plans: list[tuple[Config | None, bool]] = [(None, True)] * len(files)
    else:
        results = check_files_packaged(paths, target)
        checked, plans = [c for c, _, _ in results], [(plan, named) for _, plan, named in results]
    if as_json:
        click.echo(json.dumps([{"file": name, "unit": c.unit, "period": c.period.key if c.period else None,
                                "plan": plan.plan.id if plan else None,
                                "verdict": c.verdict, "findings": [f.to_dict() for f in c.findings]}
                               for name, c, (plan, _) in zip(files, checked, plans)], ensure_ascii=False, indent=2))
    for name, c, (plan, named) in zip(files, checked, plans) if not as_json else ():
        click.echo(CLI["validate.4"].format(name=name, verdict=VERDICT_VI[c.verdict].upper(), unit=c.unit or "?",
                                            period=c.period or "?"))
        if plan is not None:
            click.echo("  " + CLI["validate-packaged" if named else "validate-default"].format(
                title=plan.plan.title, id=plan.plan.id))
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
    wanted = _period(period, config)
    if not _ledger_made(config):
        raise click.ClickException(CLI["status.3"])
    chosen, statuses = recorded_statuses(config, wanted)
    click.echo(CLI["status.4"].format(label_vi=chosen.label_vi, due_date=chosen.due_date(config.reporting.due_day)))
    click.echo("  " + chosen.span_label(config.reporting.due_day))
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
    if not _ledger_made(config):
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
        outcome, unit_code, month = confirm_file(config, file, unit, _period(period, config), reject)
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
@click.option("--year", default=None, type=int, metavar="YYYY", help=CLI["template.year"])
def template(config_path: str, unit: str | None, period: str | None, out: str | None, year: int | None) -> None:
    """Tạo mẫu báo cáo của một năm kế hoạch; với --unit và --period, bản điền sẵn cho một đơn vị.

    Example: mtcl template --year 2024 --unit KHTC --period 2024-01 --out KHTC_2024-01.xlsx
    """
    from .outputs.template import write_template
    from .plan.years import config_for_year, plan_years, template_path, template_year
    from .run import now_local
    base = _config(config_path)
    year = year or (_period(period, base).year if period else template_year(base, now_local().date()))
    config = config_for_year(base, year)
    if config is None:
        raise UsageProblem(CLI["template.no-plan"].format(year=year, years=", ".join(map(str, plan_years(base)))))
    if (unit is None) != (period is None):
        raise UsageProblem(CLI["template.5"])
    if unit is not None and not any(u.code == unit for u in config.units):
        raise UsageProblem(CLI["template.6"].format(unit=unit)
                           + ", ".join(u.code for u in config.units))
    chosen = _period(period, config)
    if chosen is not None and not chosen.is_month:
        raise UsageProblem(CLI["template.7"])
    target = Path(out) if out else template_path(config)
    write_template(config, target, unit, chosen)
    click.echo(CLI["template.8"].format(target=target))


@main.command()
@click.option("--workdir", default="demo", show_default=True, type=click.Path(file_okay=False),
              help=CLI["demo.1"])
@click.option("--months", default=1, show_default=True, type=click.IntRange(1, 24),
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
    if units is not None and months != 1:
        raise UsageProblem(CLI["demo.4"])
    with _plan_source(config_path) as source:
        if units is not None:
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
    from .store.ledger import ensure_usable
    config = _config(config_path)
    ensure_usable(config.paths.ledger, config.paths.archive)     # a damaged ledger: say so now, not at night
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
    config = _config(config_path)
    chosen = _period(period, config)
    from .store.ledger import LedgerDamaged
    try:
        with _progress() as progress:
            return make(config, chosen, progress=progress)
    except LedgerDamaged:
        raise
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

    Example: mtcl report --period 2023-6T --unit KHTC
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


@main.group(invoke_without_command=True)
@config_option
@click.option("--period", metavar=WORDS["ky"], help=CLI["review.2"])
@click.pass_context
def review(ctx: click.Context, config_path: str, period: str | None) -> None:
    """Xem xét của lãnh đạo (ISO 9001:2015, mục 9.3): sổ xem xét, hồ sơ đầu vào, biên bản họp.

    «mtcl review --period KỲ» tổng hợp kỳ rồi viết hồ sơ đầu vào họp xem xét theo mục 9.3.2 (.docx), từ số liệu
    và sổ xem xét đã ghi nhận; khi sổ đã có các quyết định sau họp, viết cả biên bản họp (.docx).
    Trước họp: «mtcl review prepare --period KỲ»; sau khi điền sổ: «mtcl review record TỆP».

    Example: mtcl review --period 2023-6T
    """
    if ctx.invoked_subcommand is not None:
        return
    if period is None:
        raise UsageProblem(CLI["review.5"])
    from .run import make_review
    outputs = _documents(config_path, period, make_review, CLI["review.3"])
    click.echo(CLI["review.4"].format(outputs=outputs['review']))
    if "minutes" in outputs:
        click.echo(REVIEW_CLI["minutes.out"].format(path=outputs["minutes"]))


def _review_config(ctx: click.Context, config_path: str) -> Config:
    """The config of a `mtcl review` subcommand: its own --config, else the one given before the subcommand."""
    if ctx.get_parameter_source("config_path") == click.core.ParameterSource.DEFAULT and ctx.parent is not None:
        config_path = ctx.parent.params["config_path"]
    return _config(config_path)


@review.command("prepare")
@config_option
@click.option("--period", required=True, metavar=WORDS["ky"], help=CLI["review.2"])
@click.option("--replace", is_flag=True, help=CLI["review.6"])
@click.pass_context
def review_prepare(ctx: click.Context, config_path: str, period: str, replace: bool) -> None:
    """Tổng hợp kỳ, rồi tạo sổ xem xét (Excel) để Thư ký ISO điền trước và sau cuộc họp.

    Example: mtcl review prepare --period 2023-H1
    """
    from .run import ReviewBookExists, RunInProgress, prepare_review
    config = _review_config(ctx, config_path)
    chosen = _period(period, config)
    try:
        with _progress() as progress:
            path = prepare_review(config, chosen, progress=progress, replace=replace)
    except (ReviewBookExists, RunInProgress) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(REVIEW_CLI["prepare.out"].format(path=path))


@review.command("record")
@config_option
@click.argument("file", metavar=REVIEW_CLI["record.file"], type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def review_record(ctx: click.Context, config_path: str, file: Path) -> None:
    """Đọc lại sổ xem xét đã điền, kiểm tra từng ô và ghi nhận vào sổ ghi nhận (ledger): đầu vào, các quyết định
    sau họp và tình trạng các quyết định lần trước.

    Example: mtcl review record outbound/2023-H1/so-xem-xet-cua-lanh-dao-2023-H1.xlsx
    """
    from .run import RunInProgress, record_review
    config = _review_config(ctx, config_path)
    try:
        book, decisions, updated = record_review(config, file)
    except RunInProgress as exc:
        raise click.ClickException(str(exc)) from exc
    errors = [f for f in book.findings if f.severity == "error"]
    if errors:
        click.echo(REVIEW_CLI["record.bad"].format(count=len(errors)))
    for finding in book.findings:
        click.echo(REVIEW_CLI["record.finding"].format(severity=SEVERITY_VI[finding.severity], message=finding.message))
    if errors:
        sys.exit(1)
    click.echo(REVIEW_CLI["record.ok"].format(period=book.period, decisions=len(decisions), updated=updated))
    click.echo(REVIEW_CLI["record.next"].format(period=book.period,
                                                minutes=REVIEW_CLI["record.minutes"] if decisions else ""))


@main.command(cls=_Vietnamese)
@click.argument("folder", type=click.Path(file_okay=False), metavar=CLI["folder-metavar"])
@config_option
def init(folder: str, config_path: str) -> None:
    """Tạo nơi làm việc mới: config.toml (kế hoạch đi kèm mtcl), inbound/, outbound/, mẫu báo cáo và tệp
    LÀM-GÌ-TIẾP.txt hướng dẫn việc cần làm tiếp. Không ghi đè config.toml đã có.

    Example: mtcl init D:\\MTCL
    """
    from .demo.workspace import WorkspaceExists, init_workspace
    from .vi.workspace import WORKSPACE
    with _plan_source(config_path) as source:
        text = source.read_text(encoding="utf-8")
    try:
        config = init_workspace(Path(folder), text)
    except WorkspaceExists as exc:
        raise UsageProblem(str(exc)) from exc
    click.echo(CLI["init-done"].format(folder=config.source.parent, title=config.plan.title))
    click.echo(CLI["init-next"].format(note=config.source.parent / WORKSPACE["note-name"]))


@main.command(cls=_Vietnamese)
@click.argument("dest", type=click.Path(file_okay=False), metavar=CLI["folder-metavar"])
@config_option
def backup(dest: str, config_path: str) -> None:
    """Sao lưu sổ ghi nhận (ledger), kho lưu trữ (archive/) và config.toml vào THƯ-MỤC.

    Bản sao luôn nhất quán, kể cả khi một lần tổng hợp đang chạy. Dùng lại một thư mục: chỉ chép thêm tệp mới.

    Example: mtcl backup D:\\sao-luu\\mtcl-2023-06-30
    """
    from .run import backup_workspace
    from .store.backup import BackupProblem
    config = _config(config_path)
    if not _ledger_made(config):
        raise Problem(CLI["status.3"])
    try:
        made = backup_workspace(config, Path(dest))
    except BackupProblem as exc:
        raise UsageProblem(str(exc)) from exc
    click.echo(CLI["backup-done"].format(folder=made.folder, files=vi_int(made.files),
                                         copied=vi_int(made.archive_copied)))


@main.command(cls=_Vietnamese)
@click.argument("src", type=click.Path(file_okay=False), metavar=CLI["folder-metavar"])
@config_option
def restore(src: str, config_path: str) -> None:
    """Khôi phục sổ ghi nhận và kho lưu trữ từ bản sao lưu trong THƯ-MỤC (do «mtcl backup» tạo).

    Sổ đang dùng không bị xóa: được đổi tên thành ledger.sqlite.replaced-NGÀY-GIỜ. Không chạy khi đang tổng hợp.

    Example: mtcl restore D:\\sao-luu\\mtcl-2023-06-30
    """
    from .run import RunInProgress, restore_workspace
    from .store.backup import BackupProblem
    config = _config(config_path)
    try:
        restored = restore_workspace(config, Path(src))
    except (RunInProgress, BackupProblem) as exc:
        raise Problem(str(exc)) from exc
    click.echo(CLI["restore-done"].format(ledger=config.paths.ledger, copied=vi_int(restored.archive_copied)))
    if restored.aside:
        click.echo(CLI["ledger-aside"].format(aside=restored.aside))
    if restored.other_config:
        click.echo(CLI["restore-config"].format(theirs=restored.other_config, ours=config.source))
    click.echo(CLI["after-ledger"])


@main.command("rebuild-ledger", cls=_Vietnamese)
@config_option
def rebuild_ledger_command(config_path: str) -> None:
    """Dựng lại sổ ghi nhận từ kho lưu trữ (archive/) và thư mục inbound/, khi sổ bị hỏng hoặc mất.

    Giữ đúng thời điểm nhận, nguồn (thư mục hay thư điện tử) và các xác nhận của Thư ký ISO. Sổ cũ không bị xóa.

    Example: mtcl rebuild-ledger --config config.toml
    """
    from .run import RunInProgress, rebuild_ledger
    config = _config(config_path)
    try:
        rebuilt = rebuild_ledger(config)
    except RunInProgress as exc:
        raise Problem(str(exc)) from exc
    click.echo(CLI["rebuild-done"].format(ledger=config.paths.ledger, notes=vi_int(rebuilt.from_notes),
                                          inbound=vi_int(rebuilt.from_inbound),
                                          confirmations=vi_int(rebuilt.confirmations)))
    if rebuilt.unplaced:
        click.echo(CLI["rebuild-unplaced"].format(count=vi_int(rebuilt.unplaced)))
    if rebuilt.aside:
        click.echo(CLI["ledger-aside"].format(aside=rebuilt.aside))
    click.echo(CLI["after-ledger"])
