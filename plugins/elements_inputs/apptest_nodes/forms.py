"""AppTest node classes of forms: ``at.form``, ``at.form_submit_button``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kernel.testing.nodes import Block, TestNodeType, Widget, prop
from kernel_plugins.elements_inputs.apptest_nodes.widgets import Button


class Form(Block):
    """``st.form`` in AppTest: ``at.form[0]``; ``.key`` is the form key.

    Values staged for the form's widgets reach the app only when one of its submit
    buttons is clicked in the same step; otherwise the next ``run()`` drops them.
    """

    form_id = prop("form_id", "", str, doc="The form's id (its key).")
    clear_on_submit = prop("clear_on_submit", None, bool,
                           doc="Whether the form's widgets go back to their defaults after a submit.")
    has_submit_button = prop("has_submit", None, bool, doc="Whether the form got a submit button in the last run.")

    def filter_staged(self, values: Mapping[str, Any], trigger: str | None) -> dict[str, Any]:
        """Drop staged values of this form's widgets unless one of its submit buttons fired."""
        widgets = [n for n in self.walk() if isinstance(n, Widget)]
        if trigger is not None and any(n.id == trigger and n.kind == "form_submit_button" for n in widgets):
            return dict(values)
        inside = {n.id for n in widgets}
        return {wid: v for wid, v in values.items() if wid not in inside}


class SubmitButton(Button):
    """``st.form_submit_button`` in AppTest (listed under ``at.button`` and ``at.form_submit_button``)."""

    form_id = prop("form_id", "", str, doc="The id of the form the button submits.")


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("form", Form, ("form",)),
    TestNodeType("form_submit_button", SubmitButton, ("button", "form_submit_button")),
)
