"""The AppTest node of ``st.star_rating``: ``at.star_rating[0].rate(4).run()``."""

from __future__ import annotations

from kernel.testing.nodes import Widget


class StarRating(Widget):
    """``st.star_rating`` in an AppTest tree."""

    @property
    def max_stars(self) -> int:
        """How many stars there are."""
        return int(self.props.get("max", 5))

    def rate(self, stars: int) -> StarRating:
        """Light ``stars`` stars for the next run."""
        self.set_value(int(stars))
        return self
