"""Every ``st`` command of the delta_generator plugin: where it lives and which module renders it.

Commands are registered as ``"module:attribute"`` references (see
:meth:`kernel.Command.load`): an element module is imported the first time a script
calls one of its commands, so none of them slows down the server's start and an app
pays only for the elements it uses. ``tests/plugins/delta_generator/test_catalog.py``
checks that every reference resolves and every renderer file exists.
"""

from __future__ import annotations

from pathlib import Path

from kernel import Command

ELEMENTS_PACKAGE = "plugins.delta_generator.elements"
ELEMENTS_DIR = Path(__file__).parent / "elements"

ELEMENT_COMMANDS: dict[str, dict[str, str | None]] = {
    # module: {command (the function of the same name): renderer file in elements/}
    "widgets": {
        "button": "button.js", "checkbox": "checkbox.js", "slider": "slider.js",
        "text_input": "text_input.js", "selectbox": "selectbox.js",
    },
    "form": {"form": "form.js", "form_submit_button": "form_submit_button.js"},
    "buttons": {"download_button": "download_button.js", "link_button": "link_button.js"},
    "choices": {
        "toggle": "toggle.js", "radio": "radio.js", "multiselect": "multiselect.js",
        "select_slider": "select_slider.js", "pills": "pills.js", "segmented_control": "pills.js",
        "feedback": "feedback.js", "color_picker": "color_picker.js",
    },
    "numbers": {"number_input": "number_input.js"},
    "dates": {"date_input": "date_input.js", "time_input": "time_input.js"},
    "text_area": {"text_area": "text_area.js"},
    "uploads": {"file_uploader": "file_uploader.js", "camera_input": "camera_input.js"},
    "chat": {"chat_input": "chat_input.js", "chat_message": "chat_message.js"},
}

MODULE_COMMANDS: dict[str, tuple[str, str | None]] = {
    # command: (module holding an object of the same name, renderer file)
}

DYNAMIC_COMMANDS: dict[str, str] = {
    # command: module whose function of the same name returns the object (per access)
}


def _reference(module: str, name: str) -> str:
    return f"{ELEMENTS_PACKAGE}.{module}:{name}"


def _renderer(file: str | None) -> Path | None:
    return ELEMENTS_DIR / file if file is not None else None


def commands() -> list[Command]:
    """The plugin's commands, none of them imported yet."""
    out = [
        Command(name, _reference(module, name), renderer=_renderer(renderer))
        for module, names in ELEMENT_COMMANDS.items()
        for name, renderer in names.items()
    ]
    out += [
        Command(name, _reference(module, name), kind="module", renderer=_renderer(renderer))
        for name, (module, renderer) in MODULE_COMMANDS.items()
    ]
    out += [Command(name, _reference(module, name), kind="dynamic") for name, module in DYNAMIC_COMMANDS.items()]
    return out
