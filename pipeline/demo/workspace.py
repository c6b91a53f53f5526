"""Workspaces made anew: a demo's (the files of an earlier demo removed, the config written), and a new office's
(mtcl init: the packaged plan, the folders, the template and a note saying what to do next)."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..plan.config import Config, load_config
from ..vi.workspace import WORKSPACE


def reset_workspace(workdir: Path, config_text: str) -> Config:
    """`workdir` with nothing of an earlier demo left (inbound, outbound, archive, the ledger and its journal)
    and `config_text` as its config.toml; the loaded config, its inbound/ created."""
    workdir.mkdir(parents=True, exist_ok=True)
    for name in ("inbound", "outbound", "archive"):
        shutil.rmtree(workdir / name, ignore_errors=True)
    for name in ("ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm", "ledger.sqlite.lock"):
        (workdir / name).unlink(missing_ok=True)
    (workdir / "config.toml").write_text(config_text, encoding="utf-8")
    config = load_config(workdir / "config.toml")
    config.paths.inbound.mkdir(parents=True, exist_ok=True)
    return config


class WorkspaceExists(Exception):
    """mtcl init found a config already there (the message, Vietnamese, says so): nothing was written."""


def init_workspace(folder: Path, config_text: str) -> Config:
    """A new workspace in `folder`: config.toml (`config_text`, the packaged plan), inbound/, outbound/,
    templates/plan_template.xlsx from that plan and the note LÀM-GÌ-TIẾP.txt. An existing config.toml is never
    replaced (WorkspaceExists, before anything is written)."""
    from ..outputs.template import write_template
    target = folder / "config.toml"
    if target.exists():
        raise WorkspaceExists(WORKSPACE["config-exists"].format(folder=folder, name=target.name))
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as fh:      # "x": never over a config written meanwhile
        fh.write(config_text)
    config = load_config(target)
    for path in (config.paths.inbound, config.paths.outbound):
        path.mkdir(parents=True, exist_ok=True)
    write_template(config, folder / "templates" / "plan_template.xlsx")
    program = shutil.which("mtcl") or "mtcl"        # the scheduler needs the full path of the command
    note = WORKSPACE["note"].format(folder=folder.resolve(), config=target.resolve(), title=config.plan.title,
                                    decision=config.plan.decision or config.plan.id, program=program)
    # Windows Notepad is where the secretary reads it: CRLF line ends and a BOM so it opens as UTF-8.
    (folder / WORKSPACE["note-name"]).write_text(note, encoding="utf-8-sig", newline="\r\n")
    return config
