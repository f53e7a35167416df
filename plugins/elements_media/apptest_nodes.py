"""AppTest node classes of the media elements (``at.image``; audio, video and pdf are plain elements)."""

from __future__ import annotations

from collections.abc import Sequence

from kernel.testing.nodes import Element, TestNodeType


class Image(Element):
    """``st.image``: ``.value`` lists the image URLs."""

    @property
    def value(self) -> list[str]:
        """The URLs the page loads the images from."""
        return [str(image.get("src", "")) for image in self.props.get("images", [])]

    @property
    def captions(self) -> list[str | None]:
        """The caption of each image."""
        return [image.get("caption") for image in self.props.get("images", [])]


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("image", Image, ("image",)),
)
