"""Every input widget has Streamlit's parameters: names, order, kinds (positional or
keyword-only) and defaults, as the compatibility reference (streamlit 1.67) lists them."""

from __future__ import annotations

import inspect

import pytest

from tests.plugins import element_catalogs as _catalog

# From the compatibility reference, without the container argument. ``format_func=str``
# and ``step=timedelta(...)`` are written as the reference shows them.
EXPECTED = {
    "button": (
        "(label, key=None, help=None, on_click=None, args=None, kwargs=None, *, type='secondary', "
        "icon=None, icon_position='left', disabled=False, use_container_width=None, width='content', "
        "shortcut=None, wrap=None)"
    ),
    "audio_input": (
        "(label, *, sample_rate=16000, key=None, help=None, on_change='rerun', args=None, kwargs=None, "
        "disabled=False, label_visibility='visible', width='stretch')"
    ),
    "camera_input": (
        "(label, key=None, help=None, on_change='rerun', args=None, kwargs=None, *, disabled=False, "
        "label_visibility='visible', resolution=None, width='stretch')"
    ),
    "chat_input": (
        "(placeholder='Your message', *, key=None, max_chars=None, max_upload_size=None, "
        "accept_file=False, file_type=None, accept_audio=False, audio_sample_rate=16000, disabled=False, "
        "submit_mode='submit', on_submit=None, args=None, kwargs=None, width='stretch', height='content')"
    ),
    "checkbox": (
        "(label, value=False, key=None, help=None, on_change='rerun', args=None, kwargs=None, *, "
        "disabled=False, label_visibility='visible', width='content', wrap=None, bind=None, "
        "persist_state=None)"
    ),
    "color_picker": (
        "(label, value=None, key=None, help=None, on_change='rerun', args=None, kwargs=None, *, "
        "disabled=False, label_visibility='visible', width='content', bind=None, persist_state=None)"
    ),
    "date_input": (
        "(label, value='today', min_value=None, max_value=None, key=None, help=None, on_change='rerun', "
        "args=None, kwargs=None, *, format='YYYY/MM/DD', disabled=False, required=False, "
        "label_visibility='visible', width='stretch', bind=None, persist_state=None)"
    ),
    "download_button": (
        "(label, data, file_name=None, mime=None, key=None, help=None, on_click='rerun', args=None, "
        "kwargs=None, *, type='secondary', icon=None, icon_position='left', disabled=False, "
        "use_container_width=None, width='content', shortcut=None, wrap=None)"
    ),
    "feedback": (
        "(options='thumbs', *, key=None, default=None, disabled=False, on_change='rerun', args=None, "
        "kwargs=None, width='content', bind=None, persist_state=None)"
    ),
    "file_uploader": (
        "(label, type=None, accept_multiple_files=False, key=None, help=None, on_change='rerun', "
        "args=None, kwargs=None, *, max_upload_size=None, disabled=False, label_visibility='visible', "
        "width='stretch')"
    ),
    "form_submit_button": (
        "(label='Submit', help=None, on_click=None, args=None, kwargs=None, *, key=None, type='secondary', "
        "icon=None, icon_position='left', disabled=False, use_container_width=None, width='content', "
        "shortcut=None, wrap=None)"
    ),
    "link_button": (
        "(label, url, *, key=None, on_click='ignore', args=None, kwargs=None, help=None, type='secondary', "
        "icon=None, icon_position='left', disabled=False, use_container_width=None, width='content', "
        "shortcut=None, wrap=None)"
    ),
    "multiselect": (
        "(label, options, default=None, format_func=str, key=None, help=None, on_change='rerun', "
        "args=None, kwargs=None, *, max_selections=None, placeholder=None, disabled=False, "
        "label_visibility='visible', accept_new_options=False, filter_mode='fuzzy', select_all=1000, "
        "width='stretch', wrap=None, bind=None, persist_state=None)"
    ),
    "number_input": (
        "(label, min_value=None, max_value=None, value='min', step=None, format=None, key=None, help=None, "
        "on_change='rerun', args=None, kwargs=None, *, placeholder=None, disabled=False, required=False, "
        "label_visibility='visible', icon=None, width='stretch', bind=None, persist_state=None)"
    ),
    "pills": (
        "(label, options, *, selection_mode='single', default=None, required=False, format_func=None, "
        "key=None, help=None, on_change='rerun', args=None, kwargs=None, disabled=False, "
        "label_visibility='visible', width='content', wrap=None, bind=None, persist_state=None)"
    ),
    "radio": (
        "(label, options, index=0, format_func=str, key=None, help=None, on_change='rerun', args=None, "
        "kwargs=None, *, disabled=False, horizontal=False, captions=None, label_visibility='visible', "
        "width='content', bind=None, persist_state=None)"
    ),
    "segmented_control": (
        "(label, options, *, selection_mode='single', default=None, required=False, format_func=None, "
        "key=None, help=None, on_change='rerun', args=None, kwargs=None, disabled=False, "
        "label_visibility='visible', width='content', wrap=None, bind=None, persist_state=None)"
    ),
    "select_slider": (
        "(label, options=(), value=None, format_func=str, key=None, help=None, on_change='rerun', "
        "args=None, kwargs=None, *, disabled=False, label_visibility='visible', width='stretch', "
        "bind=None, persist_state=None)"
    ),
    "selectbox": (
        "(label, options, index=0, format_func=str, key=None, help=None, on_change='rerun', args=None, "
        "kwargs=None, *, placeholder=None, disabled=False, required=False, label_visibility='visible', "
        "icon=None, accept_new_options=False, filter_mode='fuzzy', width='stretch', bind=None, "
        "persist_state=None)"
    ),
    "slider": (
        "(label, min_value=None, max_value=None, value=None, step=None, format=None, key=None, help=None, "
        "on_change='rerun', args=None, kwargs=None, *, disabled=False, label_visibility='visible', "
        "width='stretch', bind=None, persist_state=None)"
    ),
    "text_area": (
        "(label, value='', height=None, max_chars=None, key=None, help=None, on_change='rerun', args=None, "
        "kwargs=None, *, placeholder=None, disabled=False, required=False, label_visibility='visible', "
        "width='stretch', bind=None, persist_state=None)"
    ),
    "text_input": (
        "(label, value='', max_chars=None, key=None, type='default', help=None, autocomplete=None, "
        "on_change='rerun', args=None, kwargs=None, *, placeholder=None, disabled=False, required=False, "
        "label_visibility='visible', icon=None, validate=None, live=False, width='stretch', bind=None, "
        "persist_state=None)"
    ),
    "time_input": (
        "(label, value='now', key=None, help=None, on_change='rerun', args=None, kwargs=None, *, "
        "disabled=False, required=False, label_visibility='visible', step=timedelta(seconds=900), "
        "format='24h', width='stretch', bind=None, persist_state=None)"
    ),
    "toggle": (
        "(label, value=False, key=None, help=None, on_change='rerun', args=None, kwargs=None, *, "
        "disabled=False, label_visibility='visible', width='content', wrap=None, bind=None, "
        "persist_state=None)"
    ),
}


def _shown(fn: object) -> str:
    sig = inspect.signature(fn)  # type: ignore[arg-type]
    params = [p.replace(annotation=inspect.Parameter.empty) for p in list(sig.parameters.values())[1:]]
    text = str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))
    return text.replace("<class 'str'>", "str").replace("datetime.timedelta(", "timedelta(")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_widget_signature_matches_streamlit(name: str) -> None:
    command = next(c for c in _catalog.commands() if c.name == name)
    assert _shown(command.load()) == EXPECTED[name]


def test_every_widget_of_the_issue_is_covered() -> None:
    names = {c.name for c in _catalog.commands()}
    assert set(EXPECTED) <= names and len(EXPECTED) == 24
