"""Layer 13, cli: thin commands that build objects and call the pipeline. `qcdc-check FILE...` is short
for `qcdc-check check FILE...`."""
from __future__ import annotations

import sys

import click

from ..core.i18n import N_
from ..core.version import __version__
from .check import check
from .language import localize, wanted_lang
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


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("""Check Vietnamese grassroots-democracy plans (Kế hoạch thực hiện dân chủ ở cơ sở).

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

    from ..core.atomic import GuardedStream, WriteError

    sys.stdout = GuardedStream(sys.stdout)  # a write error on standard output is one line, exit 2 (below)
    try:
        main()
        code = 0
    except WriteError as e:
        sys.stderr.write(e.line(wanted_lang(sys.argv[1:])) + "\n")
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # what is left in its buffer is dropped
        code = 2
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:
            print(e.code, file=sys.stderr)
            code = 1
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # a closed pipe: nothing more to write
        pass
    except (OSError, WriteError) as e:  # a full disk behind standard output (/dev/full): one line, exit 2
        from ..core.atomic import STDOUT

        error = e if isinstance(e, WriteError) else WriteError(STDOUT, e)
        try:
            sys.stderr.write(error.line(wanted_lang(sys.argv[1:])) + "\n")
        except (OSError, ValueError):
            pass
        code = 2
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


__all__ = ["main", "run"]
