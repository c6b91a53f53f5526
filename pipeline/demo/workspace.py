"""A demo workspace made anew: the files of an earlier demo removed, the config written."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..plan.config import Config, load_config


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
