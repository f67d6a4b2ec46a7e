"""Configuration: `[tool.qcdc-check]` in pyproject.toml, or qcdc.toml / .qcdc.toml, found by walking up
from each checked file (the nearest wins; in one folder .qcdc.toml > qcdc.toml > pyproject.toml).
`--config` names the file for every input, `--isolated` ignores all of them. Command-line flags
override the file. Unknown keys and unknown rule codes are errors naming the key and the file."""
from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..core.errors import QcdcError

CONFIG_NAMES = (".qcdc.toml", "qcdc.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
KEYS = {
    "select": "rule codes or prefixes to report (default: all the stable rules)",
    "extend-select": "codes added to select",
    "ignore": "codes or prefixes not to report",
    "severity": "table: code = \"error\" | \"warning\" | \"info\"",
    "fail-on": "lowest severity that makes the exit code 1",
    "lang": "\"vi\" or \"en\"",
    "pre-issuance": "true: QCDC204/QCDC205 become errors",
    "strict": "true: report unknown local instruments",
    "preview": "true: also run the rules in preview (default: the stable rules only)",
    "registry": "extra registry files (Turtle), relative to the config file",
    "per-file-ignores": "table: glob = [codes]",
    "exclude": "globs of files and folders to skip when a folder is checked",
    "baseline": "a baseline file (written by --write-baseline), relative to the config file",
}


class ConfigError(QcdcError):
    code = "config"


@dataclass
class Settings:
    select: Optional[list[str]] = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    lang: str = "vi"
    pre_issuance: bool = False
    strict: bool = False
    preview: bool = False
    registry: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    baseline: Optional[str] = None
    path: Optional[Path] = None  # the config file, if any
    sources: dict[str, str] = field(default_factory=dict)  # key -> where its value came from

    def ignores_for(self, file: str | Path) -> list[str]:
        """Codes ignored for one file by per-file-ignores (globs relative to the config's folder)."""
        if not self.per_file_ignores:
            return []
        p = Path(file).resolve()
        base = self.path.parent if self.path else Path.cwd()
        try:
            rel = p.relative_to(base.resolve()).as_posix()
        except ValueError:
            rel = p.as_posix()
        out: list[str] = []
        for glob, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(p.name, glob):
                out.extend(codes)
        return out

    def excluded(self, path: Path, root: Path) -> bool:
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = path.as_posix()
        return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(path.name, g) or
                   any(fnmatch.fnmatch(part, g) for part in Path(rel).parts) for g in self.exclude)


def known_codes() -> set[str]:
    from . import rule_catalog

    return set(rule_catalog())


def _check_codes(values: Any, key: str, where: str, codes: set[str]) -> list[str]:
    if isinstance(values, str):
        values = [v for v in values.split(",")]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where}: '{key}' must be a list of rule codes")
    out = []
    for v in values:
        v = v.strip().upper()
        if not v:
            continue
        if not any(c.startswith(v) for c in codes):
            raise ConfigError(f"{where}: '{key}': unknown rule code '{v}'")
        out.append(v)
    return out


def _table(path: Path) -> Optional[dict]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot be read ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("qcdc-check")
    return data


def find_config(start: Path) -> Optional[Path]:
    d = start if start.is_dir() else start.parent
    d = d.resolve()
    for folder in (d, *d.parents):
        for name in CONFIG_NAMES:
            p = folder / name
            if p.is_file() and (name != "pyproject.toml" or _table(p) is not None):
                return p
    return None


def load_settings(path: Optional[Path]) -> Settings:
    s = Settings(sources={k: "default" for k in KEYS})
    if path is None:
        return s
    table = _table(path) or {}
    where = str(path) + (" [tool.qcdc-check]" if path.name == "pyproject.toml" else "")
    codes = known_codes()
    s.path = path
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {', '.join(sorted(KEYS))})")
        s.sources[key] = str(path)
        if key in ("select", "extend-select", "ignore"):
            setattr(s, key.replace("-", "_"), _check_codes(value, key, where, codes))
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'severity' must be a table of code = severity")
            for code, sev in value.items():
                _check_codes([code], f"severity.{code}", where, codes)
                if sev not in SEVERITIES:
                    raise ConfigError(f"{where}: 'severity.{code}' must be one of {', '.join(SEVERITIES)}, not '{sev}'")
            s.severity = {k.upper(): v for k, v in value.items()}
        elif key == "fail-on":
            if value not in SEVERITIES:
                raise ConfigError(f"{where}: 'fail-on' must be one of {', '.join(SEVERITIES)}, not '{value}'")
            s.fail_on = value
        elif key == "lang":
            if value not in ("vi", "en"):
                raise ConfigError(f"{where}: 'lang' must be \"vi\" or \"en\", not '{value}'")
            s.lang = value
        elif key in ("pre-issuance", "strict", "preview"):
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: '{key}' must be true or false")
            setattr(s, key.replace("-", "_"), value)
        elif key == "registry":
            files = [value] if isinstance(value, str) else value
            if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
                raise ConfigError(f"{where}: 'registry' must be a list of Turtle files")
            resolved = [str((path.parent / f).resolve()) for f in files]
            for f in resolved:
                if not Path(f).is_file():
                    raise ConfigError(f"{where}: 'registry': no such file {f}")
            s.registry = resolved
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'per-file-ignores' must be a table of glob = [codes]")
            s.per_file_ignores = {g: _check_codes(c, f"per-file-ignores.{g}", where, codes) for g, c in value.items()}
        elif key == "baseline":
            if not isinstance(value, str):
                raise ConfigError(f"{where}: 'baseline' must be the path of a baseline file")
            s.baseline = str((path.parent / value).resolve())
        elif key == "exclude":
            if not isinstance(value, list) or not all(isinstance(g, str) for g in value):
                raise ConfigError(f"{where}: 'exclude' must be a list of globs")
            s.exclude = value
    return s


class ConfigResolver:
    """Settings per checked file, cached per folder."""

    def __init__(self, explicit: Optional[Path] = None, isolated: bool = False):
        self.explicit = explicit
        self.isolated = isolated
        self._by_path: dict[Optional[Path], Settings] = {}
        if explicit is not None and not explicit.is_file():
            raise ConfigError(f"{explicit}: no such config file")

    def for_path(self, target: Path) -> Settings:
        if self.isolated:
            path = None
        elif self.explicit is not None:
            path = self.explicit
        else:
            path = find_config(target)
        if path not in self._by_path:
            self._by_path[path] = load_settings(path)
        return self._by_path[path]
