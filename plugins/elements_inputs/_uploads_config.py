"""The ``[uploads]`` config section, apart from the upload widgets so start-up need not import them."""

from __future__ import annotations

import attrs


@attrs.define
class UploadsConfig:
    """The ``[uploads]`` config section: limits of ``st.file_uploader`` and friends."""

    max_upload_size: int = attrs.field(default=200, validator=attrs.validators.gt(0))
    """Largest accepted file, in megabytes (Streamlit's ``server.maxUploadSize``). A
    widget's own ``max_upload_size`` overrides it. Files also travel inside one
    WebSocket message, so ``server.max_message_size`` caps what can arrive at all."""
