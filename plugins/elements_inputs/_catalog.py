"""The ``st`` commands of the input widgets and forms: where each lives and which module renders it.

Commands are ``"module:attribute"`` references (see :meth:`kernel.Command.load`): an
element module is imported the first time a script calls one of its commands, so none
of them slows down the server's start and an app pays only for the widgets it uses.
``tests/plugins/delta_generator/test_catalog.py`` checks that every reference resolves and
every renderer file exists.
"""

from __future__ import annotations

from pathlib import Path

from kernel import Command

PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).parent

ELEMENT_COMMANDS: dict[str, dict[str, str]] = {
    # module: {command (the function of the same name): renderer file next to it}
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
    "uploads": {"file_uploader": "file_uploader.js", "camera_input": "camera_input.js",
                "audio_input": "audio_input.js"},
    "chat": {"chat_input": "chat_input.js", "chat_message": "chat_message.js"},
    "menu_button": {"menu_button": "menu_button.js"},
    "pagination": {"pagination": "pagination.js"},
    "datetime_input": {"datetime_input": "datetime_input.js"},
}

def _typing() -> object:
    """``st.typing``: the module of value types (imported on first use)."""
    from kernel_plugins.elements_inputs import typing_namespace

    return typing_namespace


def commands() -> list[Command]:
    """The plugin's commands, none of them imported yet."""
    return [
        *(Command(name, f"{PACKAGE}.{module}:{name}", renderer=HERE / js)
          for module, names in ELEMENT_COMMANDS.items()
          for name, js in names.items()),
        Command("typing", _typing, kind="dynamic"),
    ]
