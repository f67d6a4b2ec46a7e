"""What `check` shows on stderr while a long file is checked."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..core.i18n import N_, tr

if TYPE_CHECKING:
    from rich.status import Status

LONG_FILE = 512 * 1024  # bytes: a file this long takes a second or more, so its stages are shown
STAGES = {"read": N_("reading the file"), "extract": N_("finding the cited instruments, dates and deadlines"),
          "graph": N_("matching against the registry of instruments"), "rules": N_("applying the rules")}


class StageDisplay:
    """For a long file, at a terminal: one status line on stderr naming the file and the stage its check is
    in (reading, finding citations, building the graph, applying the rules); gone once the file is done."""

    def __init__(self, err, langs: dict[str, str]):
        self.err, self.langs = err, langs
        self.status: Optional[Status] = None

    def __call__(self, path: str):
        try:
            size = os.path.getsize(path)
        except OSError:
            return None
        if size < LONG_FILE:
            return None
        lang = self.langs.get(path, "vi")
        self.done()
        status = self.status = self.err._rich.status("")
        status.start()

        def on_stage(stage: str) -> None:
            status.update(tr(lang, "{name} ({mb:.1f} MB): {stage}…", name=Path(path).name,
                                  mb=size / 1_048_576, stage=tr(lang, STAGES[stage])))
        return on_stage

    def done(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None
