"""``st.data_editor`` edits: the widget state the browser reports, applied to a copy of the data.

The state is Streamlit's ``{"edited_rows": {row position: {column: value}},
"added_rows": [{column: value}], "deleted_rows": [row positions]}``; positions refer to
the original data. The edited data is returned in the input's type when it can be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from kernel.contracts import DeltaGenerator
from kernel.elements import AttributeDict, register_widget

NUM_ROWS = ("fixed", "dynamic", "add", "delete")


def empty_state() -> AttributeDict:
    """No edits."""
    return AttributeDict(edited_rows={}, added_rows=[], deleted_rows=[])


@attrs.frozen
class Choices:
    """The values a SelectboxColumn (``many`` False) or MultiselectColumn (``many`` True) cell may take:
    ``options``, and for a multiselect with ``accept_new_options`` any text too."""

    options: tuple[Any, ...]
    many: bool = False
    new_allowed: bool = False


def choices_of(columns: list[dict[str, Any]]) -> dict[str, Choices]:
    """The choice columns among a grid's column entries (name, config), by name."""
    out = {}
    for column in columns:
        config = column.get("config") or {}
        kind = config.get("type")
        if kind in ("selectbox", "multiselect") and config.get("options") is not None:
            out[column["name"]] = Choices(tuple(config["options"]), kind == "multiselect",
                                          bool(config.get("accept_new_options")))
    return out


def _choice(value: Any, choices: Choices) -> Any:
    """The edited value of a choice cell; ValueError when the column does not offer it."""
    if value is None:
        return None
    if not choices.many:
        if value not in choices.options:
            raise ValueError(f"{value!r} is not an option")
        return value
    if not isinstance(value, list):
        raise ValueError("a multiselect cell's edit is a list")
    for item in value:
        if item not in choices.options and not (choices.new_allowed and isinstance(item, str)):
            raise ValueError(f"{item!r} is not an option")
    return list(dict.fromkeys(value))


def _cell(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind == "int":
        number = float(value)
        return int(number) if number.is_integer() else number
    if kind == "float":
        return float(value)
    if kind == "bool":
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes", "on")
        return bool(value)
    if kind == "datetime" and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value if isinstance(value, str | int | float | bool) else str(value)


def state_coercer(nrows: int, types: Mapping[str, str], num_rows: str, disabled: set[str] | bool,
                  choices: Mapping[str, Choices] | None = None) -> Callable[[Any], AttributeDict]:
    """A coerce function for the widget: drops what the editor's settings do not allow (a value a
    choice column does not offer among them)."""
    choices = choices or {}

    def editable(column: str) -> bool:
        if column not in types or disabled is True:
            return False
        return isinstance(disabled, bool) or column not in disabled

    def row(values: Any) -> dict[str, Any]:
        if not isinstance(values, Mapping):
            raise TypeError("a row's edits are an object")
        out = {}
        for column, value in values.items():
            if editable(str(column)):
                try:
                    name = str(column)
                    out[name] = _choice(value, choices[name]) if name in choices else _cell(value, types[name])
                except (TypeError, ValueError):
                    continue
        return out

    def coerce(raw: Any) -> AttributeDict:
        if not isinstance(raw, Mapping):
            raise TypeError("data_editor state is an object")
        edited: dict[int, dict[str, Any]] = {}
        for position, values in (raw.get("edited_rows") or {}).items():
            index = int(position)
            if 0 <= index < nrows:
                changes = row(values)
                if changes:
                    edited[index] = changes
        added = [row(values) for values in raw.get("added_rows") or []] if num_rows in ("dynamic", "add") else []
        deleted = sorted({int(p) for p in raw.get("deleted_rows") or [] if 0 <= int(p) < nrows}) \
            if num_rows in ("dynamic", "delete") else []
        return AttributeDict(edited_rows=edited, added_rows=added, deleted_rows=deleted)

    return coerce


def register_editor(dg: DeltaGenerator, *, key: Any, on_change: Any, args: Any, kwargs: Any, nrows: int,
                    types: Mapping[str, str], num_rows: str, disabled: set[str] | bool,
                    shape: tuple[Any, ...] = (), choices: Mapping[str, Choices] | None = None
                    ) -> tuple[str, AttributeDict]:
    """Register the editor as a widget; return its id and its state.

    With a key, the editor stays the same widget while its editable columns' types,
    ``num_rows`` and the disabled columns stay (Streamlit's rule); without one, ``shape``
    (the data's digest, the columns as shown, the size: see ``_identity``) counts too.
    ``choices``: the SelectboxColumn and MultiselectColumn columns, whose edits must be among their options.
    """
    schema = tuple(types.items())
    frozen = disabled if isinstance(disabled, bool) else tuple(sorted(disabled))
    identity = (schema, num_rows, frozen) if key is not None else (schema, num_rows, frozen, nrows, *shape)
    return register_widget(dg, "data_editor", label="data_editor", key=key, identity=identity,
                           default=empty_state(),
                           coerce=state_coercer(nrows, types, num_rows, disabled, choices),
                           on_change=on_change if callable(on_change) else None, args=args, kwargs=kwargs)


def apply_edits(frame: Any, state: Mapping[str, Any]) -> Any:
    """A copy of ``frame`` with the edits, added rows and deletions of ``state`` applied."""
    import pandas as pd

    if not (state["edited_rows"] or state["added_rows"] or state["deleted_rows"]):
        return frame
    out = frame.copy()
    names = [str(c) for c in out.columns]
    for position, changes in state["edited_rows"].items():
        for column, value in changes.items():
            j = names.index(column)
            if value is not None and out.dtypes.iloc[j].kind in "iub" and not isinstance(value, bool | int):
                out[out.columns[j]] = out[out.columns[j]].astype(object)
            out.iat[position, j] = value
    if state["deleted_rows"]:
        out = out.drop(out.index[list(state["deleted_rows"])])
    if state["added_rows"]:
        added = pd.DataFrame([{out.columns[names.index(c)]: v for c, v in r.items()} for r in state["added_rows"]],
                             columns=out.columns)
        if isinstance(out.index, pd.RangeIndex):
            out = pd.concat([out, added], ignore_index=True)
        else:
            out = pd.concat([out, added])
    return out


def like_input(original: Any, edited: Any) -> Any:
    """``edited`` (a DataFrame) converted back to the type of ``original`` where that is possible."""
    import pandas as pd

    if edited is original:
        return original
    if isinstance(original, pd.DataFrame):
        return edited
    if isinstance(original, pd.Series):
        return edited.iloc[:, 0].rename(original.name)
    module = type(original).__module__
    if module.startswith("numpy"):
        return edited.to_numpy()
    if isinstance(original, Mapping):
        if list(edited.columns) == ["value"] and not all(isinstance(v, list | tuple) for v in original.values()):
            return {str(k): v for k, v in edited["value"].items()}
        return {c: edited[c].tolist() for c in edited.columns}
    if isinstance(original, list | tuple | set):
        items = list(original)
        if items and all(isinstance(i, Mapping) for i in items):
            records = edited.to_dict(orient="records")
            return type(original)(records) if not isinstance(original, set) else records
        if list(edited.columns) == ["value"]:
            values = edited["value"].tolist()
            return type(original)(values)
        return type(original)(edited.values.tolist()) if not isinstance(original, set) else edited.values.tolist()
    return edited
