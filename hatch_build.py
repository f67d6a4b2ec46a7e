"""Wheel build hook: compiles the Vietnamese catalog (src/qcdc_rules/locale/vi/LC_MESSAGES/qcdc.po) into the
qcdc.mo the package reads at run time with the standard library's gettext (core/i18n.py), with Babel, so an
installed package needs neither Babel nor a compile step. An editable install compiles it on first use."""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CATALOG = "src/qcdc_rules/locale/vi/LC_MESSAGES/qcdc.po"


class CatalogHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with open(Path(self.root) / CATALOG, "rb") as f:
            catalog = read_po(f)
        out = io.BytesIO()
        write_mo(out, catalog, use_fuzzy=False)
        self._dir = tempfile.TemporaryDirectory()
        mo = Path(self._dir.name) / "qcdc.mo"
        mo.write_bytes(out.getvalue())
        build_data["force_include"][str(mo)] = "qcdc_rules/locale/vi/LC_MESSAGES/qcdc.mo"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_dir", None) is not None:
            self._dir.cleanup()
