"""Every sentence a person reads is in the translation catalog (core/i18n.py): English marked in the code,
Vietnamese in locale/vi/LC_MESSAGES/qcdc.po. No module keeps a table of its own by language ({"vi": …, "en": …})
nor picks between two written-out texts by the language ("…" if lang == "vi" else "…"): test_catalog.py cannot
see those, so a reworded one would drift from its other language unnoticed."""
from __future__ import annotations

import ast
from pathlib import Path

import qcdc_rules

PACKAGE = Path(qcdc_rules.__file__).parent
# each language's section headed by the language's own name, the same whatever the reader's language
ENDONYMS = {"Tiếng Việt", "English"}
# readers/ocr.py: its low-confidence note moves to the catalog with the OCR work in progress there;
# core/atomic.py: core/i18n.py writes its compiled catalog through it, so it cannot look messages up there
NOT_YET = {"readers/ocr.py", "core/atomic.py"}


def _text(node: ast.AST) -> bool:
    """Written-out text: a non-empty string, an f-string, or a tuple/dict of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.strip() not in ("", "vi", "en")  # not a language code
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(_text(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return bool(node.values) and all(_text(v) for v in node.values)
    return False


def _vietnamese(node: ast.AST) -> bool:
    """Some of its text has a letter outside ASCII (a table of type names by language is no text)."""
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) and not n.value.isascii()
               for n in ast.walk(node))


def _language_test(node: ast.AST) -> bool:
    """`lang == "vi"`, `lang != "en"` and the like."""
    return (isinstance(node, ast.Compare) and len(node.comparators) == 1
            and isinstance(node.comparators[0], ast.Constant) and node.comparators[0].value in ("vi", "en")
            and isinstance(node.ops[0], (ast.Eq, ast.NotEq)))


def language_tables(source: str) -> list[int]:
    """The lines of the tables by language and the choices between two texts that `source` holds."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict) and node.keys and all(isinstance(k, ast.Constant) for k in node.keys):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            names = {v.value for v in node.values if isinstance(v, ast.Constant)}
            if keys == {"vi", "en"} and all(_text(v) for v in node.values) and _vietnamese(node) and names != ENDONYMS:
                found.append(node.lineno)
        if (isinstance(node, ast.IfExp) and _language_test(node.test) and _text(node.body) and _text(node.orelse)
                and _vietnamese(node)):
            found.append(node.lineno)
    return found


def test_no_module_keeps_its_own_texts_by_language():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        lines = language_tables(path.read_text(encoding="utf-8"))
        if lines and name not in NOT_YET:
            found[name] = lines
    assert found == {}


def test_the_check_sees_a_table_and_a_choice():
    assert language_tables('WORDS = {"vi": {"error": "lỗi"}, "en": {"error": "error"}}') == [1]
    assert language_tables('x = "tệp" if lang == "vi" else "file"') == [1]
    assert language_tables('x = f"{n} tệp" if lang != "en" else f"{n} file(s)"') == [1]
    assert language_tables('LANGS = {"vi": "Tiếng Việt", "en": "English"}') == []
    assert language_tables('body = {"vi": problem.vi, "en": problem.en}') == []
    assert language_tables('schema = {"vi": {"type": "string"}, "en": {"type": "string"}}') == []
    assert language_tables('home = "?lang=en" if lang == "en" else ""') == []  # not a text: an address
