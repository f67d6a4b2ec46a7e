"""Layer 13, cli: thin commands that build objects and call the pipeline. `qcdc-check FILE...` is short
for `qcdc-check check FILE...`."""
from __future__ import annotations

import sys

import click

from ..core.version import __version__
from .check import check
from .language import Bi, localize, wanted_lang
from .registry import impact_cmd, registry_group
from .rules import config_cmd, rule_cmd, rules_cmd
from .serve import serve_cmd


class DefaultGroup(click.Group):
    """`qcdc-check FILE...` means `qcdc-check check FILE...`."""

    def main(self, args=None, *rest, **kwargs):
        args = list(sys.argv[1:] if args is None else args)
        localize(self, wanted_lang(args))  # --help and usage errors in the language asked for
        return super().main(args, *rest, **kwargs)

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help", "--version")):
            args.insert(0, "check")
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]}, help=Bi(
    """Kiểm tra căn cứ pháp lý của Kế hoạch thực hiện dân chủ ở cơ sở.

    qcdc-check TỆP|THƯ MỤC...  là cách viết gọn của  qcdc-check check TỆP|THƯ MỤC...
    (các tùy chọn: qcdc-check check --help; tiếng Anh: --lang en)
    """,
    """Check Vietnamese grassroots-democracy plans (Kế hoạch thực hiện dân chủ ở cơ sở).

    qcdc-check FILE|DIR...  is short for  qcdc-check check FILE|DIR...
    (options: qcdc-check check --help)
    """))
@click.version_option(__version__, prog_name="qcdc-check")
def main() -> None:
    pass


for command in (check, rules_cmd, rule_cmd, config_cmd, registry_group, impact_cmd, serve_cmd):
    main.add_command(command)



def run() -> None:
    """The console script: `main`, then a prompt exit once the output is flushed. Tearing the interpreter
    down (freeing every module and the compiled registry) costs more than a check; nothing is left to
    do by then (files are closed, the process pool has ended)."""
    import os
    import sys

    try:
        main()
        code = 0
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:
            print(e.code, file=sys.stderr)
            code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more to write
        pass
    os._exit(code)


__all__ = ["main", "run"]
