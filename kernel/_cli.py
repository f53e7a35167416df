"""The ``kernel`` command line: run, plugins, config show, version, and plugin commands."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

import kernel
from kernel._app import REQUIRED_TO_RUN, AppOptions, KernelApp, activate, build_app
from kernel._cli_registry import CliCommand
from kernel._errors import ConfigWarning, KernelError
from kernel._plugin_manager import PluginInfo
from kernel.contracts.components import COMPONENTS

DEFAULT_PID_FILE = ".kernel/supervisor.pid"
"""kernel._supervisor.DEFAULT_PID_FILE, not imported here to keep start-up light."""

__all__ = ["main", "preparse", "resume_collection"]

EPILOG = """\
options anywhere before '--':
  -p NAME               load plugin NAME (entry point or module); -p no:NAME blocks it
  --SECTION.OPTION=VALUE
                        set a config option for this invocation (see `kernel config show`)
"""


@attrs.frozen
class Preparsed:
    """What :func:`preparse` pulls out of argv before argparse sees it."""

    plugin_args: tuple[str, ...]
    config_options: dict[str, str]
    rest: list[str]
    script_args: tuple[str, ...]


def preparse(argv: Sequence[str]) -> Preparsed:
    """Split out ``-p`` values, ``--section.option`` values and arguments after ``--``."""
    argv = list(argv)
    script_args: tuple[str, ...] = ()
    if "--" in argv:
        i = argv.index("--")
        argv, script_args = argv[:i], tuple(argv[i + 1 :])
    plugin_args: list[str] = []
    options: dict[str, str] = {}
    rest: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg == "-p":
            value = next(it, None)
            if value is None:
                raise KernelError("-p needs a plugin name: -p NAME or -p no:NAME")
            plugin_args.append(value)
        elif arg.startswith("-p") and not arg.startswith("--"):
            plugin_args.append(arg[2:])
        elif arg.startswith("--") and "." in arg.partition("=")[0]:
            name, eq, value = arg[2:].partition("=")
            if not eq:
                next_value = next(it, None)
                if next_value is None:
                    raise KernelError(f"--{name} needs a value: --{name}=VALUE")
                value = next_value
            options[name] = value
        else:
            rest.append(arg)
    return Preparsed(tuple(plugin_args), options, rest, script_args)


# -- built-in commands ------------------------------------------------------------------


def resume_collection() -> None:
    """Resume the cyclic GC that ``kernel/__main__.py`` pauses while the command loads.

    What start-up made lives as long as the process: it is frozen first (collections
    skip it from then on). Does nothing when collection was not paused.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


SERVING_GEN0_THRESHOLD = 5000
"""The cyclic collector's generation-0 threshold while ``kernel run`` serves (Python's
default is 700). A run's temporary containers (element props, messages) come and go in
thousands: at 700 a rerun of 1000 elements set off about three young collections and,
every few dozen reruns, a full one, about 0.4 ms of CPU per rerun in all; at 5000 almost
none (what a run leaves behind is freed by reference counting). Memory per idle session
measured the same (``bench_loop.py --memory-only``)."""


def tune_collection_for_serving() -> None:
    """Raise the generation-0 threshold to :data:`SERVING_GEN0_THRESHOLD` (the older
    generations' thresholds kept): for a process that serves, called once it listens."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(SERVING_GEN0_THRESHOLD, older, oldest)


def _cmd_run(args: argparse.Namespace, app: KernelApp) -> int:
    script = Path(args.script)
    if not script.is_file():
        raise KernelError(f"no such script: {script} (give the path of a Python file: kernel run app.py)")
    served = app.hook.kernel_serve_script(app=app, script=script, workers=args.workers)
    if served is not None:
        return int(served)
    if args.workers > 1 or args.worker_ports:
        from kernel._supervisor import supervise

        app.script_path = script.resolve()
        resume_collection()
        return supervise(app, script, args.workers, args.worker_ports, Path(args.pid_file))
    return run_script(app, script)


def run_script(app: KernelApp, script: Path) -> int:
    """Serve ``script`` with ``app`` until Ctrl-C; used by ``run`` and plugin commands."""
    from kernel._lifecycle import run_app

    app.script_path = script.resolve()
    app.pm.check_components(REQUIRED_TO_RUN)

    def ready(runtime: Any) -> None:
        resume_collection()
        tune_collection_for_serving()
        print(f"\n  kernel is serving {script.name} at {runtime.url}\n  Press Ctrl-C to stop.\n", flush=True)
        _tell_supervisor()

    return run_app(app, on_ready=ready)


def _tell_supervisor() -> None:
    """A worker of ``kernel run --workers N`` says it serves (one byte on the supervisor's pipe)."""
    fd = os.environ.pop("KERNEL_READY_FD", "")  # kernel._supervisor.READY_FD_VARIABLE (not imported: start-up)
    if not fd.isdigit():
        return
    try:
        os.write(int(fd), b"1")
        os.close(int(fd))
    except OSError:
        pass  # the supervisor is gone: nobody is waiting


def _cmd_restart(args: argparse.Namespace, app: KernelApp) -> int:
    from kernel._restart import restart_command

    return restart_command(args)


def _cmd_plugins(args: argparse.Namespace, app: KernelApp) -> int:
    infos = app.pm.plugin_infos()
    plugins = [i for i in infos if not i.essential]
    essential = [i for i in infos if i.essential]
    components = {c: app.pm.providers(c) for c in COMPONENTS}
    families = command_families(app)
    if args.json:
        payload = {
            "plugins": [attrs.asdict(i) for i in plugins],
            "essential_plugins": [attrs.asdict(i) for i in essential],
            "components": components,
            "commands": families,
            "blocked": {n: app.pm.block_reason(n) for n in app.pm.blocked_names()},
        }
        import json

        print(json.dumps(payload, indent=2))
        return 0
    print(f"plugins ({len(plugins)} loaded):")
    _print_plugin_infos(plugins)
    if essential:
        print(f"\nessential plugins ({len(essential)} loaded; they cannot be blocked):")
        _print_plugin_infos(essential)
    print("\ncomponents:")
    for component, providers in components.items():
        if len(providers) == 1:
            print(f"  {component:<20} provided by {providers[0]}")
        elif providers:
            print(f"  {component:<20} asked in order: {', '.join(providers)} (the first that answers provides it)")
        else:
            reason = app.pm.block_reason(component)
            print(f"  {component:<20} NOT PROVIDED" + (f" (blocked by {reason})" if reason else ""))
    print("\nst commands:")
    for plugin, names in families.items():
        import textwrap

        lines = textwrap.wrap(", ".join(names), width=76) or [""]
        print(f"  {plugin:<20} {lines[0]}")
        for line in lines[1:]:
            print(f"  {'':<20} {line}")
    blocked = app.pm.blocked_names()
    if blocked:
        print("\nblocked: " + ", ".join(f"{n} ({app.pm.block_reason(n)})" for n in blocked))
    return 0


def command_families(app: KernelApp) -> dict[str, list[str]]:
    """The ``st`` command names each plugin provides, by plugin name (sorted)."""
    families: dict[str, list[str]] = {}
    for command in app.commands:
        families.setdefault(command.plugin or "?", []).append(command.name)
    return {plugin: sorted(names, key=str.lower) for plugin, names in sorted(families.items())}


def _print_plugin_infos(infos: list[PluginInfo]) -> None:
    for info in infos:
        origin = f"{info.distribution} {info.version}" if info.distribution else "not from a distribution"
        how = f"entry point {info.entry_point}" if info.entry_point else "registered directly"
        print(f"  {info.name:<20} {info.module:<32} {origin}, {how}")
        print(f"  {'':<20} hooks: {', '.join(info.hooks) or '(none)'}")


def _toml_value(value: Any) -> str:
    if isinstance(value, Path):
        value = str(value)
    if value is None:
        return "(unset)"
    import json

    return json.dumps(value) if not isinstance(value, bool) else str(value).lower()


def _cmd_config_show(args: argparse.Namespace, app: KernelApp) -> int:
    section = None
    for name, option, value, source in app.config.items():
        if name != section:
            print(f"{'' if section is None else chr(10)}[{name}]")
            section = name
            registered = app.config.registered.get(name)
            for line in registered.summary if registered is not None else ():
                print(f"# {line}")
        print(f"{option + ' = ' + _toml_value(value):<40} # {source}")
    return 0


def _cmd_version(args: argparse.Namespace, app: KernelApp) -> int:
    print(f"kernel {kernel.__version__} (Python {sys.version.split()[0]})")
    return 0


def _cmd_proxy_config(args: argparse.Namespace, app: KernelApp) -> int:
    from kernel._proxy_config import proxy_config_command

    return proxy_config_command(args, app)


def _proxy_config_args(parser: argparse.ArgumentParser) -> None:
    from kernel._proxy_config import add_arguments

    add_arguments(parser)


def _builtin_commands() -> list[CliCommand]:
    def run_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("script", help="path of the app script")
        p.add_argument("--workers", type=int, default=1, metavar="N",
                       help="serve with N worker processes (restarted when they die); sessions move between "
                            "them with [scaleout] on (docs/scaleout.md)")
        p.add_argument("--worker-ports", metavar="PORTS",
                       help="give each worker its own port (8601-8604 or 8601,8602) for a proxy in front, "
                            "instead of one shared port (SO_REUSEPORT)")
        p.add_argument("--pid-file", default=str(DEFAULT_PID_FILE), metavar="PATH",
                       help=f"with --workers: where the supervisor writes its process id, for kernel restart "
                            f"--rolling (default {DEFAULT_PID_FILE})")

    def restart_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rolling", action="store_true", required=True,
                       help="replace the workers one at a time, each drained first (the only kind for now)")
        p.add_argument("--pid-file", default=str(DEFAULT_PID_FILE), metavar="PATH",
                       help=f"the supervisor's pid file (default {DEFAULT_PID_FILE})")
        p.add_argument("--no-wait", action="store_true", help="return once the supervisor has the request")
        p.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS",
                       help="how long to wait for the restart to finish (default 600)")

    def plugins_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="print JSON instead of text")

    return [
        CliCommand("run", "serve an app script (arguments after -- go to the script)", _cmd_run, run_args),
        CliCommand("plugins", "list plugins, the hooks they implement, and who provides each component",
                   _cmd_plugins, plugins_args),
        CliCommand("config", "inspect configuration",
                   subcommands=(CliCommand("show", "effective config and where each value came from",
                                           _cmd_config_show),)),
        CliCommand("version", "print the version", _cmd_version),
        CliCommand("restart", "restart the workers of a running kernel run --workers N: --rolling replaces them "
                   "one at a time, each drained first (docs/scaleout.md)", _cmd_restart, restart_args),
        CliCommand("proxy-config", "print an nginx or HAProxy configuration for kernel run --workers N "
                   "--worker-ports (docs/scaleout.md)", _cmd_proxy_config, _proxy_config_args),
    ]


def common_options_help(app: KernelApp) -> str:
    """What ``kernel run --help`` says about config options: the common ones of each
    section (``ConfigSection.common``) and where to find the rest."""
    lines = []
    for name, section in sorted(app.config.registered.items()):
        for option, example, text in section.common:
            lines.append((f"--{name}.{option}={example}", text))
    width = max((len(flag) for flag, _ in lines), default=0) + 2
    body = "".join(f"  {flag:<{width}}{text}\n" for flag, text in lines)
    return ("common options (every config option is set this way; `kernel config show` lists them all\n"
            "with their values and where each came from):\n" + body + "\n")


def terminal_columns() -> int:
    """Columns for help text: ``$COLUMNS`` when it is a positive number, else the width of
    the terminal on standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
        if columns > 0:
            return columns
    except ValueError:
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


class CliHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter that keeps descriptions as written and measures the terminal
    without importing shutil: argparse makes one for every argument it adds, and shutil
    (with bz2, lzma, fnmatch) is about 1.5 ms of ``kernel run``'s start-up."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         terminal_columns() - 2 if width is None else width)


def _add_commands(subparsers: Any, commands: Sequence[CliCommand], epilogs: dict[str, str] | None = None) -> None:
    for command in commands:
        epilog = (epilogs or {}).get(command.name, "") + EPILOG
        parser = subparsers.add_parser(command.name, help=command.help, description=command.help, epilog=epilog,
                                       formatter_class=CliHelpFormatter)
        if command.add_arguments is not None:
            command.add_arguments(parser)
        parser.set_defaults(_command=command, _parser=parser)
        if command.subcommands:
            _add_commands(parser.add_subparsers(title="commands", metavar="COMMAND"), command.subcommands)


def build_parser(app: KernelApp, only: str | None = None) -> argparse.ArgumentParser:
    """The argparse parser with built-in and plugin-contributed commands.

    With ``only`` the name of one of them, that command is the only one given a parser:
    each costs about 0.1 ms to build, and ``kernel run`` needs one. Its arguments, help and
    errors are the same as in the full parser; any other ``only`` gives the full parser.
    """
    parser = argparse.ArgumentParser(
        prog="kernel", description="kernel: build data apps in plain Python.", epilog=EPILOG,
        formatter_class=CliHelpFormatter,
    )
    builtins = _builtin_commands()
    taken = {c.name for c in builtins}
    extra = []
    for command in app.cli_commands():
        if command.name in taken:
            raise KernelError(f"plugin {command.plugin!r} registers the CLI command {command.name!r}, "
                              "which already exists")
        taken.add(command.name)
        extra.append(command)
    commands = [c for c in builtins + extra if c.name == only] or builtins + extra
    epilogs = {"run": common_options_help(app)} if any(c.name == "run" for c in commands) else {}
    _add_commands(parser.add_subparsers(title="commands", metavar="COMMAND"), commands, epilogs)
    return parser


def _show_warning(message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None) -> None:
    print(f"warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kernel`` console script; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("always", ConfigWarning)
        warnings.showwarning = _show_warning
        return _main(argv)


def _main(argv: list[str]) -> int:
    try:
        pre = preparse(argv)
        app = build_app(AppOptions(plugin_args=pre.plugin_args, config_options=pre.config_options,
                                   script_args=pre.script_args))
        activate(app)
        # Options are preparsed and the top level has no others: the first word is the command.
        first = pre.rest[0] if pre.rest and not pre.rest[0].startswith("-") else None
        parser = build_parser(app, only=first)
        args = parser.parse_args(pre.rest)
        command: CliCommand | None = getattr(args, "_command", None)
        if command is None:
            parser.print_help()
            return 2
        if command.handler is None:
            args._parser.print_help()
            return 2
        if command.name != "run":
            resume_collection()  # `kernel run` resumes it once the server listens
        return command.handler(args, app) or 0
    except KernelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
