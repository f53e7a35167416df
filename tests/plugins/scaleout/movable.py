"""A class a test "moves" between deploys (deletes from this module before a restore)."""

from __future__ import annotations

import attrs


@attrs.define
class Thing:
    """A value kept in ``st.session_state``."""

    label: str
