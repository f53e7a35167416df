"""Secrets shown with st.write / st.json / st.exception keep their keys and lose their values."""

from __future__ import annotations

from kernel.contracts.messages import Delta, Element, encode_forward_frame
from kernel.testing import AppTest

SCRIPT = """
from kernel import st
st.write(st.secrets)
st.write("db section:", st.secrets.db)
st.json(st.secrets)
try:
    raise RuntimeError(f"cannot log in as {st.secrets.db.user} with {st.secrets.db.password}")
except RuntimeError as exc:
    st.exception(exc)
    st.write(exc)
"""


def test_secrets_are_masked_in_every_display() -> None:
    at = AppTest.from_string(SCRIPT)
    at.secrets["db"] = {"user": "alice-the-admin", "password": "hunter2-pw"}
    at.secrets["token"] = "tok-123456"
    sent: list[Delta] = []
    session = at._ensure_session()
    real, real_leaf = session.queue.enqueue, session.queue.enqueue_leaf  # type: ignore[attr-defined]
    session.queue.enqueue = lambda msg: (sent.append(msg), real(msg))[1]  # type: ignore[method-assign]
    # Elements of simple properties go by the queue's enqueue_leaf: record those too.
    session.queue.enqueue_leaf = (  # type: ignore[attr-defined]
        lambda root, path, kind, props, digest: (sent.append(Delta(root, path, Element(kind, dict(props)))),
                                                 real_leaf(root, path, kind, props, digest))[1])
    at.run()
    assert not [e for e in at.exception if "hunter2" in e.value]
    wire = encode_forward_frame(sent)  # type: ignore[arg-type]
    for value in ("alice-the-admin", "hunter2-pw", "tok-123456"):
        assert value not in wire
    assert '"password": "***"' in at.json[0].value and '"token": "***"' in at.json[0].value
    assert '"user": "***"' in at.json[1].value
    assert len(at.exception) == 2
    assert all(e.value == "cannot log in as *** with ***" for e in at.exception)
