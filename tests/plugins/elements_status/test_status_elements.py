"""Status elements: alerts with icons, progress updated in place, spinner, status, toast, balloons, snow."""

from __future__ import annotations

import pytest

from tests.plugins.elements_inputs.inputs_harness import app, error_of


def test_alerts_carry_body_icon_and_title() -> None:
    at = app(
        """
        from kernel import st
        st.success("Saved **all** rows")
        st.info("🔔 Leading emoji becomes the icon")
        st.warning("Careful", icon=":material/warning:", title="Heads up")
        st.error("Broken", icon="🚨")
        """
    ).run()
    assert at.success[0].value == "Saved **all** rows" and at.success[0].icon is None
    assert "<strong>all</strong>" in at.success[0].props["html"]
    assert (at.info[0].value, at.info[0].icon) == ("Leading emoji becomes the icon", "🔔")
    assert (at.warning[0].icon, at.warning[0].title) == (":material/warning:", "Heads up")
    assert at.error[0].icon == "🚨"


def test_progress_is_updated_in_place() -> None:
    at = app(
        """
        from kernel import st
        bar = st.progress(0, text="Starting")
        for pct in (25, 50):
            bar.progress(pct, text=f"{pct}%")
        st.progress(0.75)
        """
    ).run()
    assert [p.value for p in at.progress] == [50, 75]
    assert at.progress[0].text == "50%"


def test_spinner_is_removed_after_its_block() -> None:
    at = app(
        """
        from kernel import st
        with st.spinner("Crunching…", show_time=True):
            st.text("work done")
        st.text("after")
        """
    ).run()
    assert len(at.spinner) == 0
    assert at.text.values == ["work done", "after"]
    assert at.get("empty")  # the spinner's slot is cleared


def test_status_turns_complete_or_error_when_its_block_ends() -> None:
    at = app(
        """
        from kernel import st
        with st.status("Downloading", expanded=True) as s:
            st.text("step 1")
        failed = st.status("Parsing")
        try:
            with failed:
                raise ValueError("bad row")
        except ValueError:
            pass
        manual = st.status("Manual", state="running")
        manual.update(label="Manual done", state="complete", expanded=False)
        st.text(repr((s.state, failed.state, manual.state)))
        """
    ).run()
    assert [s.state for s in at.status] == ["complete", "error", "complete"]
    assert at.status[0].text[0].value == "step 1" and at.status[0].expanded
    assert at.status[2].label == "Manual done"
    assert at.text[-1].value == "('complete', 'error', 'complete')"


def test_toast_balloons_and_snow() -> None:
    at = app(
        """
        from kernel import st
        t = st.toast("Saved!", icon="🎉", duration="long")
        st.balloons()
        st.snow()
        """
    ).run()
    assert at.toast[0].value == "Saved!" and at.toast[0].icon == "🎉" and at.toast[0].props["seconds"] == 10
    assert len(at.balloons) == 1 and len(at.snow) == 1


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.progress(101)", "outside the required range [0, 100]"),
        ("st.progress(1.5)", "outside the required range [0.0, 1.0]"),
        ("st.progress('half')", "value must be an int from 0 to 100"),
        ("st.success('x', icon='smile')", "icon must be a single emoji"),
        ("st.status('s', state='done')", "state must be one of"),
        ("st.status('s').update(state='finished')", "state must be one of"),
        ("st.toast('t', duration='forever')", "duration must be 'short', 'long', 'infinite'"),
        ("st.toast('')", "a toast needs a message"),
    ],
)
def test_status_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)
