"""AppTest node of ``st.dialog``: ``at.dialog``."""

from __future__ import annotations

from collections.abc import Sequence

from kernel.testing.nodes import Block, TestNodeType, prop


class Dialog(Block):
    """``st.dialog`` in AppTest: ``at.dialog[0]`` while it is open."""

    title = prop("title_text", "", str, doc="The dialog's title.")

    def dismiss(self) -> Dialog:
        """Close it as the user would (X, Esc, a click outside) for the next run.

        With ``on_dismiss`` set, the next run calls it; otherwise nothing is sent.
        """
        dismiss_id = self.props.get("dismiss_id")
        if dismiss_id:
            self.tree._stage(str(dismiss_id), True, trigger=True)
        return self


NODE_TYPES: Sequence[TestNodeType] = (TestNodeType("dialog", Dialog, ("dialog",)),)
