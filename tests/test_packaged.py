"""The plan shipped inside the package: the checkout's config.toml copied (make default-config), found through
importlib.resources, carried by the wheel; mtcl demo and mtcl init work from a folder with no config.toml."""
from __future__ import annotations

import subprocess
import sys
import unicodedata
import zipfile

from click.testing import CliRunner

from factories import REAL_CONFIG, ROOT
from pipeline.cli import main
from pipeline.plan.config import load_config
from pipeline.plan.packaged import default_plan_path, default_plan_text, packaged_plans, plan_for_identity


def test_the_packaged_plan_is_the_checkouts_config():
    assert default_plan_text() == REAL_CONFIG.read_text(encoding="utf-8"), \
        "config.toml changed: run `make default-config` to ship the same plan"


def test_the_packaged_plan_is_found_through_importlib_resources_and_loads():
    with default_plan_path() as path:
        assert path.name == "config.toml" and path.is_relative_to(ROOT / "pipeline")
    [default] = packaged_plans()
    assert default.plan == load_config(REAL_CONFIG).plan
    assert plan_for_identity("QD147-2023", 2023) is default and plan_for_identity(None, 2023) is default
    assert plan_for_identity("QD-other", 2031) is None


def test_the_wheel_carries_the_packaged_plan(tmp_path):
    """Built as `pip install .` builds it (an isolated build of this checkout): the plan is inside the wheel."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("mtcl-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("pipeline/plan/default/config.toml") == REAL_CONFIG.read_bytes()


def test_demo_from_a_folder_without_config_uses_the_packaged_plan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MTCL_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["demo", "--workdir", "demo"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "config.toml").read_text(encoding="utf-8") == default_plan_text()
    assert (tmp_path / "demo" / "outbound" / "2023-05" / "summary.json").is_file()


def test_a_config_named_but_missing_is_still_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo", "--workdir", "demo", "--config", "khong-co.toml"])
    assert result.exit_code == 2 and "Không đọc được tệp cấu hình" in result.output


def test_init_writes_a_workspace_and_never_overwrites_a_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MTCL_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["init", "vp-so"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "vp-so"
    assert (folder / "config.toml").read_text(encoding="utf-8") == default_plan_text()
    assert (folder / "inbound").is_dir() and (folder / "outbound").is_dir()
    config = load_config(folder / "config.toml")
    from pipeline.intake.read import read_workbook
    assert read_workbook(folder / "templates" / "plan_template.xlsx").meta["plan_id"] == config.plan.id
    [note] = [p for p in folder.iterdir() if p.suffix == ".txt"]
    assert note.name == unicodedata.normalize("NFC", "LÀM-GÌ-TIẾP.txt")
    text = note.read_text(encoding="utf-8-sig")
    assert unicodedata.is_normalized("NFC", text)
    for words in ("config.toml", "inbound", "mtcl run", "Task Scheduler", "cron", "mtcl backup", str(folder)):
        assert words in text, words
    (folder / "config.toml").write_text("# đã sửa\n", encoding="utf-8")
    again = CliRunner().invoke(main, ["init", "vp-so"])
    assert again.exit_code == 2 and "không ghi đè" in again.output
    assert (folder / "config.toml").read_text(encoding="utf-8") == "# đã sửa\n"


# --- mtcl validate on a clerk's PC: no config.toml, the plan from the file's identity sheet

def test_validate_without_a_config_checks_against_the_plan_the_file_names(tmp_path, monkeypatch):
    from factories import Row, full_rows, make_workspace, submit
    config = make_workspace(tmp_path / "ws")
    good = submit(config, "KHTC")
    bad = submit(config, "NCC", rows={**full_rows(config), config.indicators[1].id: Row(3, 5, 1)})   # done > due (1.2: 1.1 is counted)
    clerk = tmp_path / "may-don-vi"
    clerk.mkdir()
    monkeypatch.chdir(clerk)
    monkeypatch.delenv("MTCL_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["validate", str(good)])
    assert result.exit_code == 0, result.output
    assert "Không có config.toml: kiểm tra theo kế hoạch «Kế hoạch thực hiện mục tiêu chất lượng năm 2023» " \
        "(QD147-2023) đi kèm mtcl" in result.output
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1 and "TRẢ LẠI" in result.output


def test_validate_without_a_config_says_so_when_the_file_has_no_identity(tmp_path, monkeypatch):
    import openpyxl
    plain = tmp_path / "bao-cao-tu-lam.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "Báo cáo tháng 5"
    book.save(plain)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MTCL_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["validate", "--json", str(plain)])
    assert result.exit_code == 1
    import json
    [row] = json.loads(result.output)
    assert row["plan"] == "QD147-2023" and row["verdict"] == "rejected"
    result = CliRunner().invoke(main, ["validate", str(plain)])
    [line] = [l for l in result.output.splitlines() if "kế hoạch mặc định" in l]
    assert "không có trang ẩn _mtcl" in line


def test_validate_speaks_vietnamese_in_its_help_and_its_usage_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    help_text = runner.invoke(main, ["validate", "--help"]).output
    for english in ("Usage", "Options", "Show this message", "[OPTIONS]", "FILE", "default"):
        assert english not in help_text.replace("Example:", ""), english
    assert "Cách dùng: main validate [TÙY-CHỌN] TỆP..." in help_text      # CliRunner names the program «main»
    for args, words in (([], "Hãy ghi tên (các) tệp"), (["khong-co.xlsx"], "Không tìm thấy tệp: khong-co.xlsx")):
        result = runner.invoke(main, ["validate", *args])
        assert result.exit_code == 2 and result.output.startswith("Lỗi: " + words), result.output
        assert "Error" not in result.output and "Usage" not in result.output
