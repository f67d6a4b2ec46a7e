"""The documentation the service serves, public as the page is (the token guards /api/ only):

    /docs/                   the rules (from the rule catalog) and the problem codes
    /docs/rules/<code>       a rule's page: docs/rules/QCDCnnn.md, generated from the shapes by tools/docs.py and
                             shipped in the package as qcdc_rules/docs/rules (the findings' help links)
    /docs/problems/<code>    a problem type's page, from problems.PROBLEMS (the `type` of every problem answer)

A browser (Accept: text/html) gets HTML in one language, Vietnamese unless ?lang=en; anything else gets the
Markdown, both languages as the rule pages are written. Markdown is rendered by markdown-it-py (CommonMark with
tables; raw HTML in the source is not passed through). The pages are for people, like `/`: they are left out
of the OpenAPI document on purpose (app.py adds this router with include_in_schema=False)."""
from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..core.errors import MEANING
from ..core.i18n import NC_, tr, tr_all
from ..core.resources import data_dir
from ..pipeline import rule_catalog
from ..reporters.words import WORDS
from .problems import DOCS_PATH as PROBLEMS_PATH, PROBLEMS, Problem

DOCS = "/docs/"
RULES_PATH = DOCS + "rules/"
router = APIRouter(include_in_schema=False)

# a documentation page loads only the service's own style sheets
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'none'")
LANGS = {"vi": "Tiếng Việt", "en": "English"}  # the sections of a two-language page, by their headings
# readers' codes that never reach the service as a problem (the command line's own)
CLI_ONLY = ("usage", "data", "is-directory")

# the page's own words (header, skip link, breadcrumb)
SAY = {"site": NC_("docs page", "qcdc-check documentation"), "skip": NC_("docs page", "Skip to the main content"),
       "index": NC_("docs page", "Documentation index"), "page": NC_("docs page", "The checking page"),
       "nav": NC_("docs page", "Ngôn ngữ / Language"), "where": NC_("docs page", "Breadcrumb")}
# a problem page's headings
PROBLEM_HEAD = {"status": NC_("problem page", "HTTP status"), "code": NC_("problem page", "Code"),
                "when": NC_("problem page", "When it happens"), "todo": NC_("problem page", "What to do"),
                "message": NC_("problem page", "Message"),
                "reasons": NC_("problem page", "Exact reasons (the `code` field)")}
# the index page's headings
INDEX = {"title": NC_("docs index", "qcdc-check documentation"), "rules": NC_("docs index", "Rules"),
         "problems": NC_("docs index", "Service errors (problem+json)"), "code": NC_("docs index", "Code"),
         "name": NC_("docs index", "Rule"), "severity": NC_("docs index", "Severity"),
         "state": NC_("docs index", "State"), "meaning": NC_("docs index", "Meaning"),
         "status": NC_("docs index", "HTTP"), "stable": NC_("docs index", "stable"),
         "preview": NC_("docs index", "preview"),
         "rules_intro": NC_("docs index", "Each finding links to the page of the rule that found it."),
         "problems_intro": NC_("docs index",
                               "The `type` of each error the service answers links to that error's page.")}


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


# ------------------------------------------------------------------ the pages' Markdown (both languages)
def rule_markdown(code: str) -> Optional[str]:
    """A rule's page as generated (docs/rules/<code>.md); None for a code no rule has."""
    if code not in rule_catalog():
        return None
    path = data_dir("docs") / "rules" / f"{code}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _template(message: str) -> str:
    """A problem's message as a pattern: its {placeholders} as …"""
    return re.sub(r"\{\w+\}", "…", message)


def reader_codes() -> list[str]:
    """The readers' codes a problem of the kind `unreadable` may carry (core/errors.py's list)."""
    return [c for c in MEANING if c not in PROBLEMS and c not in CLI_ONLY]


def problem_markdown(code: str) -> Optional[str]:
    """A problem type's page: title, status, when it happens, what to do, the message; None for an unknown code."""
    kind = PROBLEMS.get(code)
    if kind is None:
        return None
    vi, en = tr_all("vi", PROBLEM_HEAD), tr_all("en", PROBLEM_HEAD)
    lines = [f"# {code}: {kind.title_vi} / {code}: {kind.title}", "", "| | Tiếng Việt | English |", "|---|---|---|",
             f"| {vi['status']} / {en['status']} | {kind.status} | {kind.status} |"]
    for i, lang in enumerate(("vi", "en")):
        say = tr_all(lang, PROBLEM_HEAD)
        message = kind.vi if lang == "vi" else kind.en
        lines += ["", f"## {LANGS[lang]}", "", f"**{say['when']}.** {kind.when[i]}", "",
                  f"**{say['todo']}.** {kind.todo[i]}", "", f"**{say['message']}.** {_template(message)}"]
        if code == "unreadable":
            reasons = reader_codes()
            if lang == "vi":
                lines += ["", f"**{say['reasons']}.**", ""] + [f"- `{c}`: {tr(lang, MEANING[c])}." for c in reasons]
            else:  # the readers' messages are English already: the answer's `message` says what each one means
                lines += ["", f"**{say['reasons']}.** " + ", ".join(f"`{c}`" for c in reasons)
                          + ": the answer's `message` says what it means for the file sent."]
    return "\n".join(lines) + "\n"


def index_markdown() -> str:
    """The index: every rule (from the rule catalog) and every problem code, in both languages."""
    lines = [f"# {tr('vi', INDEX['title'])} / {tr('en', INDEX['title'])}"]
    for lang in ("vi", "en"):
        say = tr_all(lang, INDEX)
        lines += ["", f"## {LANGS[lang]}", "", f"### {say['rules']}", "", say["rules_intro"], "",
                  f"| {say['code']} | {say['name']} | {say['severity']} | {say['state']} |", "|---|---|---|---|"]
        for code, r in rule_catalog().items():
            label = r.label_vi if lang == "vi" else r.label_en
            lines.append(f"| [{code}]({RULES_PATH}{code}) | {_cell(label)} | {tr(lang, WORDS[r.default_severity])} | "
                         f"{say[r.state]} |")
        lines += ["", f"### {say['problems']}", "", say["problems_intro"], "",
                  f"| {say['code']} | {say['meaning']} | {say['status']} |", "|---|---|---|"]
        for code, kind in PROBLEMS.items():
            title = kind.title_vi if lang == "vi" else kind.title
            lines.append(f"| [{code}]({PROBLEMS_PATH}{code}) | {_cell(title)} | {kind.status} |")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ one language, as HTML
def one_language(markdown: str, lang: str) -> str:
    """The part of a two-language page in `lang`: what comes before the language sections (a "vi / en" title
    or first cell keeps its `lang` half; the facts table `| | Tiếng Việt | English |` keeps its `lang` column),
    then that language's section without its heading (its "###" headings become "##"). The generator's HTML
    comment is dropped."""
    out: list[str] = []
    section: Optional[str] = None  # None: before the language sections
    facts = False  # inside the facts table
    pick = 1 if lang == "vi" else 2
    for line in markdown.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
            section = next((k for k, v in LANGS.items() if v == heading), heading)
            facts = False
            continue
        if section is not None:
            if section == lang and (line.strip() or (out and out[-1].strip())):
                out.append("#" + line[2:] if line.startswith("### ") else line)  # one level up, as "##" is gone
            continue
        if line.startswith("<!--"):
            continue
        if line.startswith("# ") and " / " in line:
            line = "# " + line[2:].split(" / ")[pick - 1]
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if cells == ["", LANGS["vi"], LANGS["en"]]:
            facts = True
        if facts and len(cells) == 3:
            first = cells[0].split(" / ")[pick - 1] if " / " in cells[0] else cells[0]
            line = f"| {first} | {cells[pick]} |"
        elif facts and not cells:
            facts = False
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"


def render(markdown: str, lang: str) -> tuple[str, str]:
    """The HTML of a page's part in `lang`, and its title (its first heading); links to other documentation
    pages keep the language."""
    md = _markdown()
    tokens = md.parse(one_language(markdown, lang))
    title = ""
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and not title:
            title = tokens[i + 1].content
        for child in token.children or ():
            href = child.attrGet("href") if child.type == "link_open" else None
            if isinstance(href, str) and href.startswith(DOCS) and lang == "en":
                child.attrSet("href", href + "?lang=en")
    return md.renderer.render(tokens, md.options, {}), title


def page_html(markdown: str, lang: str, path: str) -> str:
    """A whole page: the service's header and style (static/app.css, static/docs.css), the language switch."""
    body, title = render(markdown, lang)
    say = tr_all(lang, SAY)
    home = DOCS + ("?lang=en" if lang == "en" else "")
    switch = "".join(
        f'<a class="lang" href="{html.escape(path)}?lang={code}" lang="{code}" hreflang="{code}"'
        + (' aria-current="page"' if code == lang else "") + f">{name}</a>"
        for code, name in LANGS.items())
    crumbs = (f'<a href="/">{say["page"]}</a>' + ("" if path == DOCS else f' › <a href="{home}">{say["index"]}</a>'))
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · {say["site"]}</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/app.css">
<link rel="stylesheet" href="/static/docs.css">
</head>
<body>
<a class="skip" href="#main">{say["skip"]}</a>
<header>
  <p class="site"><a href="{home}">{say["site"]}</a></p>
  <nav aria-label="{say["nav"]}">{switch}</nav>
</header>
<main id="main" tabindex="-1">
<nav class="crumbs" aria-label="{say["where"]}">{crumbs}</nav>
<article class="doc-page">
{body}</article>
</main>
</body>
</html>
"""


# ------------------------------------------------------------------ routes
def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _wants_html(request: Request) -> bool:
    """Accept names text/html (a browser) with a quality above 0."""
    for part in request.headers.get("accept", "").split(","):
        media, *params = [p.strip().lower() for p in part.split(";")]
        if media in ("text/html", "application/xhtml+xml") and "q=0" not in [p.replace(" ", "") for p in params]:
            return True
    return False


def _answer(request: Request, markdown: str) -> Response:
    headers = {"Vary": "Accept", "X-Content-Type-Options": "nosniff"}
    if _wants_html(request):
        return HTMLResponse(page_html(markdown, _lang(request), request.url.path),
                            headers={**headers, "Content-Security-Policy": CSP})
    return Response(markdown, media_type="text/markdown; charset=utf-8", headers=headers)


# plain functions: FastAPI runs them in its thread pool (the first one loads the rule catalog)
@router.get(DOCS)
def index(request: Request):
    return _answer(request, index_markdown())


@router.get(RULES_PATH + "{code}")
def rule_page(request: Request, code: str):
    markdown = rule_markdown(code.strip().upper())
    if markdown is None:
        raise Problem("unknown-rule", status=404, what=code[:40])
    return _answer(request, markdown)


@router.get(PROBLEMS_PATH + "{code}")
def problem_page(request: Request, code: str):
    markdown = problem_markdown(code)
    if markdown is None:
        raise Problem("not-found", vi=f"Không có trang cho mã lỗi “{code[:40]}”.",
                      en=f"There is no page for the problem code '{code[:40]}'.")
    return _answer(request, markdown)
