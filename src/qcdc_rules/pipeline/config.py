"""Configuration: `[tool.qcdc-check]` in pyproject.toml, or qcdc.toml / .qcdc.toml, found by walking up
from each checked file (the nearest wins; in one folder .qcdc.toml > qcdc.toml > pyproject.toml).
`--config` names the file for every input, `--isolated` ignores all of them. Command-line flags
override the file. Unknown keys and unknown rule codes are errors naming the key and the file."""
from __future__ import annotations

import fnmatch
import sys
from pathlib import Path
from typing import Any, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..core.errors import QcdcError
from .optionmodel import TOML, BadOption, Opt, RunOptions, codes_of, fields, known_codes

CONFIG_NAMES = (".qcdc.toml", "qcdc.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
KEYS = {o.toml: o.en for _, o in fields(TOML) if o.toml}  # every key, in the model's order: pipeline/optionmodel.py


class ConfigError(QcdcError):
    code = "config"


class Settings(RunOptions):
    """The options a configuration file sets (the model's defaults for the others), and where it is."""

    path: Optional[Path] = None  # the config file, if any
    sources: dict[str, str] = {}  # key -> where its value came from

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


def _codes(values: Any, key: str, where: str, codes: set[str]) -> list[str]:
    try:
        return codes_of(key, values, codes)
    except BadOption as e:
        if e.unknown_code:
            raise ConfigError(f"{where}: '{key}': unknown rule code '{e.unknown_code}'") from None
        raise ConfigError(f"{where}: '{key}' must be a list of rule codes") from None


def _strings(value: Any, key: str, where: str, what: str, one: bool = True) -> list[str]:
    items = [value] if one and isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{where}: '{key}' must be {what}")
    return items


def _value(o: Opt, key: str, value: Any, where: str, folder: Path, codes: set[str]) -> Any:
    """One key's value as the model holds it, checked as its kind says; a ConfigError names the key and file."""
    if o.kind == "codes":
        return _codes(value, key, where, codes)
    if o.kind == "choice":
        if value not in o.choices:
            raise ConfigError(f"{where}: '{key}' must be one of {', '.join(o.choices)}, not '{value}'")
        return value
    if o.kind == "flag":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: '{key}' must be true or false")
        return value
    if o.kind == "severity":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: '{key}' must be a table of code = severity")
        for code, sev in value.items():
            _codes([code], f"{key}.{code}", where, codes)
            if sev not in SEVERITIES:
                raise ConfigError(f"{where}: '{key}.{code}' must be one of {', '.join(SEVERITIES)}, not '{sev}'")
        return {k.upper(): v for k, v in value.items()}
    if o.kind == "per-file":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: '{key}' must be a table of glob = [codes]")
        return {g: _codes(c, f"{key}.{g}", where, codes) for g, c in value.items()}
    if o.kind == "files":  # relative to the config file, each one there
        resolved = [str((folder / f).resolve()) for f in _strings(value, key, where, "a list of files")]
        for f in resolved:
            if not Path(f).is_file():
                raise ConfigError(f"{where}: '{key}': no such file {f}")
        return resolved
    if o.kind == "file":
        if not isinstance(value, str):
            raise ConfigError(f"{where}: '{key}' must be the path of a file")
        return str((folder / value).resolve())
    if o.kind == "globs":
        return _strings(value, key, where, "a list of globs", one=False)
    raise ConfigError(f"{where}: '{key}' cannot be set in a configuration file")  # pragma: no cover


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
    sources = {k: "default" for k in KEYS}
    if path is None:
        return Settings(sources=sources)
    table = _table(path) or {}
    where = str(path) + (" [tool.qcdc-check]" if path.name == "pyproject.toml" else "")
    by_key = {o.toml: (name, o) for name, o in fields(TOML)}
    codes = known_codes()
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in by_key:
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {', '.join(sorted(KEYS))})")
        sources[key] = str(path)
        name, o = by_key[key]
        values[name] = _value(o, key, value, where, path.parent, codes)
    return Settings(path=path, sources=sources, **values)


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
