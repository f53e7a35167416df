"""Configuration: attrs sections contributed by plugins, read from layered sources.

Precedence, lowest first: defaults < ``~/.kernel/config.toml`` < ``./.kernel/config.toml``
< environment ``KERNEL_<SECTION>_<OPTION>`` < command line ``--section.option=value``.
Option names are snake_case; camelCase spellings (``runOnSave``) are accepted too.
"""

from __future__ import annotations

import re
import types
import typing
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from kernel._errors import ConfigError, ConfigWarning

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "Config",
    "ConfigLayer",
    "ConfigSection",
    "PluginsConfig",
    "build_config",
    "read_layers",
]

ENV_PREFIX = "KERNEL_"
# Environment knobs of the kernel itself, not config options.
ENV_KNOBS = frozenset({"KERNEL_DISABLE_PLUGIN_AUTOLOAD", "KERNEL_TRACE_PLUGINS"})


@attrs.frozen
class ConfigSection:
    """A ``[name]`` section whose options are the fields of the attrs class ``cls``.

    ``common`` lists the options ``kernel run --help`` shows, as ``(option, example value,
    one-line help)``; a field's metadata may hold :data:`DEPRECATED_NAMES`. ``summary``
    (a few short lines) is printed as comments under the section's header by
    ``kernel config show``: what the section does and how to turn it on.
    """

    name: str
    cls: type
    plugin: str = ""
    common: tuple[tuple[str, str, str], ...] = ()
    summary: tuple[str, ...] = ()


DEPRECATED_NAMES = "deprecated_names"
"""Field metadata key: the older names of an option (``("max_message_size",)``). A value
given under an older name is used, with a warning naming the option's current name; one
under the current name wins."""


@attrs.define
class PluginsConfig:
    """The kernel's own ``[plugins]`` section."""

    disable: list[str] = attrs.field(factory=list)
    """Plugin names to block, like ``-p no:NAME``."""
    load: list[str] = attrs.field(factory=list)
    """Extra plugin modules or entry-point names to load, like ``-p NAME``."""


@attrs.frozen
class ConfigLayer:
    """Option values from one source. ``from_text`` layers hold unparsed strings."""

    source: str
    values: Mapping[str, Mapping[str, Any]]
    from_text: bool = False


MASK = "mask"
"""Field metadata key of an option whose value must not be shown: ``True`` shows ``***``
instead of the value, ``"url"`` hides a URL's password (``scheme://user:***@host``)."""


def masked(field: attrs.Attribute[Any], value: Any) -> Any:
    """``value`` as ``kernel config show`` and config errors may show it (see :data:`MASK`)."""
    how = field.metadata.get(MASK)
    if not how or value is None:
        return value
    if how == "url" and isinstance(value, str):
        return mask_url_password(value)
    return "***"


def mask_url_password(url: str) -> str:
    """``url`` with the password of its user part and any ``password=`` query value replaced by ``***``."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return "***"
    if password is not None:
        user, _, host = parts.netloc.rpartition("@")
        name = user.partition(":")[0]
        parts = parts._replace(netloc=f"{name}:***@{host}")
    if parts.query:
        query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
        parts = parts._replace(query=query)
    return parts.geturl()


def option_name(key: str) -> str:
    """Normalise an option name: ``runOnSave`` and ``run-on-save`` become ``run_on_save``."""
    key = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key)
    return key.replace("-", "_").lower()


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when a config file exists: start-up without one does not pay for it

    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _file_layer(path: Path) -> ConfigLayer | None:
    if not path.is_file():
        return None
    data = _read_toml(path)
    values: dict[str, dict[str, Any]] = {}
    for section, options in data.items():
        if not isinstance(options, dict):
            raise ConfigError(
                f"{path}: '{section}' must be a [section] table of options, got {type(options).__name__}"
            )
        values[section] = {option_name(k): v for k, v in options.items()}
    return ConfigLayer(str(path), values)


def _env_layer(environ: Mapping[str, str], section_names: Iterable[str]) -> ConfigLayer:
    values: dict[str, dict[str, Any]] = {}
    # Longest first, so KERNEL_SCRIPT_RUNNER_X matches [script_runner] before [script].
    names = sorted(section_names, key=len, reverse=True)
    for var, text in environ.items():
        if not var.startswith(ENV_PREFIX) or var in ENV_KNOBS:
            continue
        rest = var[len(ENV_PREFIX) :].lower()
        for name in names:
            if rest.startswith(name + "_"):
                values.setdefault(name, {})[rest[len(name) + 1 :]] = (text, f"environment {var}")
                break
    return ConfigLayer("environment", values, from_text=True)


def _cli_layer(options: Mapping[str, str]) -> ConfigLayer:
    values: dict[str, dict[str, Any]] = {}
    for dotted, text in options.items():
        section, _, key = dotted.partition(".")
        if not key:
            raise ConfigError(f"--{dotted}: config options on the command line look like --section.option=value")
        values.setdefault(option_name(section), {})[option_name(key)] = (text, f"command line --{dotted}")
    return ConfigLayer("command line", values, from_text=True)


def read_layers(
    *,
    cwd: Path,
    home: Path,
    environ: Mapping[str, str],
    cli_options: Mapping[str, str],
    section_names: Iterable[str],
) -> list[ConfigLayer]:
    """Read every config source, lowest precedence first."""
    layers: list[ConfigLayer] = []
    for path in (home / ".kernel" / "config.toml", cwd / ".kernel" / "config.toml"):
        layer = _file_layer(path)
        if layer is not None and (not layers or layers[-1].source != layer.source):
            layers.append(layer)
    layers.append(_env_layer(environ, section_names))
    layers.append(_cli_layer(cli_options))
    return layers


def _origin(tp: Any) -> Any:
    return typing.get_origin(tp)


def _type_name(tp: Any) -> str:
    if isinstance(tp, type):
        return tp.__name__
    return str(tp).replace("typing.", "")


def _parse_text(text: str, tp: Any) -> Any:
    """Turn an environment or command-line string into a value of type ``tp``."""
    if tp is str or tp is Path:
        return text
    if text.isdigit() and text.isascii() and (text[0] != "0" or text == "0"):
        # The common case (a port, a size), without the TOML parser; "0755" is no TOML integer.
        return int(text)
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        pass
    if _origin(tp) is list:
        return [part.strip() for part in text.split(",") if part.strip()]
    if tp is bool and text.lower() in ("yes", "no", "on", "off"):
        return text.lower() in ("yes", "on")
    return text


def _strict(tp: type) -> Any:
    def structure(value: Any, _: Any) -> Any:
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
            raise TypeError(f"expected {tp.__name__}")
        return value

    return structure


def _make_converter() -> cattrs.Converter:
    import cattrs

    conv = cattrs.Converter()
    for tp in (str, int, float, bool):
        conv.register_structure_hook(tp, _strict(tp))
    conv.register_structure_hook(Path, _structure_path)
    return conv


def _structure_path(value: Any, _: Any) -> Path:
    return Path(_strict(str)(value, str))


_SIMPLE: dict[Any, Any] = {tp: _strict(tp) for tp in (str, int, float, bool)}
_SIMPLE[Path] = _structure_path
"""Options of these types are checked without cattrs: importing it and building the
converter is about a tenth of ``kernel run``'s start-up, and most options given are these."""

_converter: cattrs.Converter | None = None


def _structure_value(value: Any, tp: Any) -> Any:
    global _converter
    is_union = _origin(tp) in (typing.Union, types.UnionType)
    if _origin(tp) in (list, tuple) and not isinstance(value, list | tuple):
        raise TypeError("expected a list")
    if is_union and value is None and type(None) in typing.get_args(tp):
        return None
    simple = _SIMPLE.get(tp)
    if simple is None and is_union:
        others = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        simple = _SIMPLE.get(others[0]) if len(others) == 1 else None
    if simple is not None:
        return simple(value, tp)
    if _converter is None:
        _converter = _make_converter()
    import cattrs  # imported by _make_converter: a lookup in sys.modules

    try:
        return _converter.structure(value, tp)
    except cattrs.BaseValidationError as exc:  # a value that does not fit, said as the simple checks say it
        raise ValueError(str(exc)) from exc


@attrs.define
class Config:
    """The effective configuration: one attrs instance per section.

    ``config.server.port`` or ``config["server"].port``; :meth:`source` tells where a
    value came from.
    """

    sections: dict[str, Any]
    sources: dict[tuple[str, str], str]
    registered: dict[str, ConfigSection]

    def __getitem__(self, name: str) -> Any:
        try:
            return self.sections[name]
        except KeyError:
            known = ", ".join(sorted(self.sections))
            raise KeyError(f"no config section [{name}]; known sections: {known}") from None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(str(exc)) from None

    def source(self, section: str, option: str) -> str:
        """Where the value of ``section.option`` came from (``"default"`` if unset)."""
        return self.sources.get((section, option), "default")

    def items(self) -> list[tuple[str, str, Any, str]]:
        """Every ``(section, option, value, source)``, sorted, for ``kernel config show``.

        Values of options marked with :data:`MASK` metadata come masked.
        """
        rows = []
        for name in sorted(self.sections):
            obj = self.sections[name]
            for field in attrs.fields(type(obj)):
                value = masked(field, getattr(obj, field.name))
                rows.append((name, field.name, value, self.source(name, field.name)))
        return rows


def build_config(sections: Sequence[ConfigSection], layers: Sequence[ConfigLayer]) -> Config:
    """Structure every section from the layers; warn about unknown keys, fail on bad values."""
    registered = {s.name: s for s in sections}
    for layer in layers:
        for name, options in layer.values.items():
            if name not in registered:
                known = ", ".join(sorted(registered)) or "(none)"
                warnings.warn(
                    f"{layer.source}: unknown config section [{name}]; known sections: {known}",
                    ConfigWarning,
                    stacklevel=2,
                )
                continue
            fields = attrs.fields(registered[name].cls)
            valid = {f.name for f in fields}
            renamed = {old: f.name for f in fields for old in f.metadata.get(DEPRECATED_NAMES, ())}
            for key in options:
                if key in renamed:
                    source = options[key][1] if layer.from_text else layer.source
                    warnings.warn(
                        f"{source}: [{name}] {key} is deprecated; it is now called {renamed[key]} (same meaning). "
                        f"Use {name}.{renamed[key]}.",
                        ConfigWarning,
                        stacklevel=2,
                    )
                elif key not in valid:
                    source = options[key][1] if layer.from_text else layer.source
                    warnings.warn(
                        f"{source}: unknown option '{key}' in [{name}]; valid options: "
                        + ", ".join(sorted(valid)),
                        ConfigWarning,
                        stacklevel=2,
                    )

    built: dict[str, Any] = {}
    sources: dict[tuple[str, str], str] = {}
    for name, section in registered.items():
        cls = attrs.resolve_types(section.cls)
        kwargs: dict[str, Any] = {}
        for field in attrs.fields(cls):
            names = (field.name, *field.metadata.get(DEPRECATED_NAMES, ()))
            for layer in reversed(layers):
                options = layer.values.get(name, {})
                given = next((n for n in names if n in options), None)
                if given is None:
                    continue
                raw = options[given]
                source = layer.source
                if layer.from_text:
                    text, source = raw
                    raw = _parse_text(text, field.type)
                try:
                    kwargs[field.name] = _structure_value(raw, field.type)
                except (TypeError, ValueError):
                    raise ConfigError(
                        f"{source}: {name}.{field.name} must be of type {_type_name(field.type)}, "
                        f"got {masked(field, raw)!r} ({type(raw).__name__})"
                    ) from None
                sources[(name, field.name)] = source
                break
        try:
            built[name] = cls(**kwargs)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"config section [{name}] is invalid: {exc}") from None
    return Config(built, sources, registered)
