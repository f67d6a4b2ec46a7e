"""`qcdc-check rules`, `rule CODE`, `config [PATH]`: the rule catalog and the effective settings."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click


@click.command("rules")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def rules_cmd(lang: str) -> None:
    """List every rule: code, name, default severity, summary."""
    from rich.console import Console
    from rich.table import Table

    from ..pipeline import rule_catalog

    table = Table(show_header=True, header_style="bold")
    for col in ("code", "name", "severity" if lang == "en" else "mức", "summary" if lang == "en" else "tóm tắt"):
        table.add_column(col)
    for code, r in rule_catalog().items():
        table.add_row(code, r.name, r.default_severity, r.label_vi if lang == "vi" else r.label_en)
    Console(soft_wrap=False, emoji=False).print(table)


@click.command("rule")
@click.argument("code")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def rule_cmd(code: str, lang: str) -> None:
    """Explain one rule: what, why, legal basis, examples, how to fix."""
    from ..pipeline import rule_catalog

    rules = rule_catalog()
    r = rules.get(code.strip().upper())
    if r is None:
        click.echo(f"qcdc-check: unknown rule '{code}' (see: qcdc-check rules)", err=True)
        sys.exit(2)
    click.echo(rule_text(r, lang))


def rule_text(r, lang: str) -> str:
    vi = lang == "vi"
    d = r.docs
    head = {True: ("Mức mặc định", "Vì sao", "Căn cứ", "Ví dụ vi phạm", "Ví dụ đúng", "Cách sửa", "Gợi ý sửa"),
            False: ("Default severity", "Why", "Legal basis", "Fires on", "Does not fire on", "How to fix", "Suggested fix")}[vi]
    lines = [f"{r.code} {r.name}: {r.label_vi if vi else r.label_en}", "",
             (r.doc_vi if vi else r.doc_en), "",
             f"{head[0]}: {r.default_severity}"
             + (f" ({'error khi dùng --pre-issuance' if vi else 'error with --pre-issuance'})" if r.pre_issuance_severity else ""),
             f"{head[1]}: {d.get('why', {}).get(lang, '')}",
             f"{head[2]}: {d.get('legalBasis', {}).get(lang, '')}",
             f"{head[3]}: {d.get('exampleFires', {}).get('', '')}",
             f"{head[4]}: {d.get('examplePasses', {}).get('', '')}",
             f"{head[5]}: {d.get('howToFix', {}).get(lang, '')}"]
    if r.fix_safety:
        lines.append(f"{head[6]}: {r.fix_safety}")
    lines.append(r.help_uri)
    return "\n".join(lines)


@click.command("config")
@click.argument("path", required=False, type=click.Path(path_type=Path), default=Path("."))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--isolated", is_flag=True)
def config_cmd(path: Path, config_file: Optional[Path], isolated: bool) -> None:
    """Print the effective settings for PATH and where each comes from."""
    from ..pipeline.config import KEYS, ConfigError, ConfigResolver

    try:
        s = ConfigResolver(config_file, isolated).for_path(path)
    except ConfigError as e:
        click.echo(f"qcdc-check: configuration error: {e.message}", err=True)
        sys.exit(2)
    click.echo(f"# config file: {s.path or '(none)'}")
    values = {
        "select": s.select if s.select is not None else "(all)", "extend-select": s.extend_select,
        "ignore": s.ignore, "severity": s.severity, "fail-on": s.fail_on, "lang": s.lang,
        "pre-issuance": s.pre_issuance, "strict": s.strict, "registry": s.registry,
        "per-file-ignores": s.per_file_ignores, "exclude": s.exclude,
    }
    for key in KEYS:
        click.echo(f"{key:17} = {values[key]!s:40} # {s.sources.get(key, 'default')}")
