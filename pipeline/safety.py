"""Start-up checks that the environment defends against hostile files before any workbook is opened."""
from __future__ import annotations


class UnsafeEnvironment(RuntimeError):
    """The installation cannot read untrusted workbooks safely; nothing should run until it is fixed."""


def ensure_safe_xml() -> None:
    """Refuse to run unless openpyxl parses XML through defusedxml.

    openpyxl opens units' workbooks (feedback copies, the demo's clerk); without defusedxml, or with
    OPENPYXL_DEFUSEDXML set to anything but "True", a file with nested entities (a «billion laughs»)
    or external entities would be expanded in this process."""
    import openpyxl.xml
    if openpyxl.xml.DEFUSEDXML:
        return
    try:
        import defusedxml  # noqa: F401
        cause = "biến môi trường OPENPYXL_DEFUSEDXML đang tắt nó; hãy bỏ biến này"
    except ImportError:
        cause = "gói defusedxml chưa được cài; hãy cài lại mtcl (pip install defusedxml)"
    raise UnsafeEnvironment(f"Không an toàn để đọc tệp Excel của đơn vị: openpyxl không dùng defusedxml để "
                            f"chống «bom XML» ({cause}). (openpyxl is not using defusedxml.)")
