"""The translation catalog, kept with Babel (pybabel): the messages marked in the code (core/i18n.py) are
extracted and merged into locale/vi/LC_MESSAGES/qcdc.po, where each gets its Vietnamese.

    python -m qcdc_rules.tools.catalog update   extract, then merge into the .po (new messages untranslated)
    python -m qcdc_rules.tools.catalog check    exit 1 naming what is missing, stale, fuzzy or mismatched

The same as pybabel extract -F babel.cfg --no-default-keywords -k tr:2 -k ntr:2,3 -k N_ -k NP_:1,2
-k NC_:1c,2 --add-location=file --sort-output -o qcdc.pot src/qcdc_rules, then pybabel update -i qcdc.pot
-d src/qcdc_rules/locale -D qcdc -l vi --no-fuzzy-matching --ignore-obsolete."""
from __future__ import annotations

import string
import sys
import tempfile
from pathlib import Path

def _source_root() -> Path:
    """The checkout the catalog is kept in: this file's own (an editable install), else the working folder or one
    above it holding src/qcdc_rules (the package installed into a virtual environment, run from the checkout)."""
    for root in (Path(__file__).resolve().parents[3], *(p for p in (Path.cwd(), *Path.cwd().parents))):
        if (root / "src" / "qcdc_rules" / "locale").is_dir():
            return root
    return Path(__file__).resolve().parents[3]


ROOT = _source_root()
PACKAGE = ROOT / "src" / "qcdc_rules"
PO = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "qcdc.po"
KEYWORDS = ["tr:2", "ntr:2,3", "N_", "NP_:1,2", "NC_:1c,2"]


def extract_args(pot: Path) -> list[str]:
    keywords = [a for k in KEYWORDS for a in ("-k", k)]
    return ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "--no-default-keywords", *keywords,
            "--add-location=file", "--sort-output", "--project=qcdc-rules", "-o", str(pot), str(PACKAGE)]


def _run(argv: list[str]) -> None:
    import os

    from babel.messages.frontend import CommandLineInterface

    here = os.getcwd()
    os.chdir(ROOT)  # the mapping's patterns are relative to the repository
    try:
        CommandLineInterface().run(argv)
    finally:
        os.chdir(here)


def extract(pot: Path):
    """The messages the code marks now (a Babel catalog)."""
    from babel.messages.pofile import read_po

    _run(extract_args(pot))
    with pot.open("rb") as f:
        return read_po(f)


def read(po: Path = PO):
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        return read_po(f)


def update() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "qcdc.pot"
        extract(pot)
        if not PO.exists():
            _run(["pybabel", "-q", "init", "-i", str(pot), "-d", str(PACKAGE / "locale"), "-D", "qcdc", "-l", "vi",
                  "--width=120"])
            return
        _run(["pybabel", "-q", "update", "-i", str(pot), "-d", str(PACKAGE / "locale"), "-D", "qcdc", "-l", "vi",
              "--no-fuzzy-matching", "--ignore-obsolete", "--width=120"])


def placeholders(text: str) -> list[tuple[str, str]]:
    """The {placeholders} of a message, by name and conversion, in order of first use ({} style only)."""
    seen: list[tuple[str, str]] = []
    for _, name, _, conversion in string.Formatter().parse(text):
        if name is not None and (name, conversion or "") not in seen:
            seen.append((name, conversion or ""))
    return sorted(seen)


def key(message) -> tuple:
    return (message.context, message.id)


def marked_in_source() -> set[tuple]:
    """(context, msgid) of every call of a marker with literal text, read with ast: a check on the extraction,
    which does not see calls inside f-strings on Python < 3.12."""
    import ast

    arg = {"tr": 1, "ntr": 1, "N_": 0, "NP_": 0, "NC_": 1}
    found: set[tuple] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in arg:
                args = node.args
                i = arg[node.func.id]
                text = args[i] if len(args) > i else None
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    first = args[0]
                    context = first.value if node.func.id == "NC_" and isinstance(first, ast.Constant) else None
                    found.add((context, text.value))
    return found


def problems(po: Path = PO) -> list[str]:
    """What is wrong with the catalog: a message the code marks that it lacks or that it holds but the code no
    longer marks, one without Vietnamese, a fuzzy one, placeholders that differ from the English."""
    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        marked = {key(m): m for m in extract(Path(tmp) / "qcdc.pot") if m.id}
    held = {key(m): m for m in read(po) if m.id}
    singular = {(c, i[0] if isinstance(i, (list, tuple)) else i) for c, i in marked}
    out += [f"marked but not extracted (in an f-string?): {k[1]!r}" for k in marked_in_source() if k not in singular]
    out += [f"not in the catalog: {k[1]!r}" for k in marked if k not in held]
    out += [f"no longer in the code: {k[1]!r}" for k in held if k not in marked]
    for k, m in held.items():
        ids = m.id if isinstance(m.id, (list, tuple)) else (m.id,)
        strs = m.string if isinstance(m.string, (list, tuple)) else (m.string,)
        if m.fuzzy:
            out.append(f"fuzzy: {k[1]!r}")
        if not all(strs):
            out.append(f"no Vietnamese: {k[1]!r}")
            continue
        for i, text in enumerate(strs):  # plural forms: the first as the singular, the others as the plural
            if placeholders(text) != placeholders(ids[min(i, len(ids) - 1)]):
                out.append(f"placeholders differ: {k[1]!r} -> {text!r}")
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update()
        return 0
    if argv[:1] == ["check"]:
        found = problems()
        print("\n".join(found) or "catalog complete")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
