"""The ``[uploads]`` config section, apart from the upload widgets so start-up need not import them."""

from __future__ import annotations

import attrs


@attrs.define
class UploadsConfig:
    """The ``[uploads]`` config section: limits of ``st.file_uploader`` and friends."""

    max_upload_size_mb: int = attrs.field(default=200, validator=attrs.validators.gt(0),
                                          metadata={"deprecated_names": ("max_upload_size",)})
    """Largest accepted file, in megabytes (Streamlit's ``server.maxUploadSize``; formerly
    ``max_upload_size``). A widget's own ``max_upload_size`` overrides it. Files travel in
    1 MiB chunks, so the WebSocket message limit (``server.max_message_size_bytes``) does
    not cap them."""
