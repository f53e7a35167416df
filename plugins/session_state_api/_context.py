"""``st.context``: read-only facts about the session's browser and the request that opened it."""

from __future__ import annotations

import http.cookies
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kernel.contracts import AppSession
    from kernel.contracts.session_state import ClientInfo

LOCAL_ADDRESSES = frozenset({"127.0.0.1", "::1", "localhost"})


class Headers(Mapping[str, str]):
    """Request headers: read-only, case-insensitive; repeated headers via :meth:`get_all`."""

    def __init__(self, pairs: tuple[tuple[str, str], ...]) -> None:
        self._pairs = tuple((k.lower(), v) for k, v in pairs)

    def __getitem__(self, name: str) -> str:
        values = self.get_all(name)
        if not values:
            raise KeyError(f'st.context.headers has no header "{name}"')
        return values[-1]

    def get_all(self, name: str) -> list[str]:
        """Every value of header ``name``, in order."""
        wanted = name.lower()
        return [v for k, v in self._pairs if k == wanted]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(k for k, _ in self._pairs))

    def __len__(self) -> int:
        return len(dict.fromkeys(k for k, _ in self._pairs))

    def to_dict(self) -> dict[str, str]:
        """``{name: last value}``."""
        return {k: self[k] for k in self}

    def __repr__(self) -> str:
        return f"Headers({self.to_dict()!r})"


class Theme(Mapping[str, Any]):
    """``st.context.theme``: ``.type`` is ``"light"``, ``"dark"`` or ``None``."""

    def __init__(self, kind: str | None) -> None:
        self._data = {"type": kind}

    @property
    def type(self) -> str | None:
        """The browser's theme type."""
        return self._data["type"]

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class ContextProxy:
    """``st.context`` for one session: attribute or key access to the properties below."""

    _PROPERTIES = ("cookies", "headers", "ip_address", "is_embedded", "locale", "theme", "timezone",
                   "timezone_offset", "url")

    def __init__(self, session: AppSession) -> None:
        self._session = session

    @property
    def _info(self) -> ClientInfo:
        return self._session.state.client.snapshot()

    @property
    def headers(self) -> Headers:
        """Headers of the request that opened the session's connection."""
        return Headers(self._info.headers)

    @property
    def cookies(self) -> Mapping[str, str]:
        """Cookies of that request (read-only)."""
        jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
        for value in Headers(self._info.headers).get_all("cookie"):
            try:
                jar.load(value)
            except http.cookies.CookieError:
                continue
        return MappingProxyType({name: morsel.value for name, morsel in jar.items()})

    @property
    def ip_address(self) -> str | None:
        """The client's IP address (``None`` on this machine); not a security signal."""
        ip = self._info.ip_address
        return None if ip is None or ip in LOCAL_ADDRESSES else ip

    @property
    def is_embedded(self) -> bool:
        """Whether the page URL says ``embed=true``."""
        if "is_embedded" in self._info.browser:
            return bool(self._info.browser["is_embedded"])
        pairs = self._session.state.query_string.pairs()
        return any(k.lower() == "embed" and v.lower() == "true" for k, v in pairs)

    @property
    def locale(self) -> str | None:
        """The browser's language, e.g. ``"en-US"``."""
        return self._info.browser.get("locale")

    @property
    def theme(self) -> Theme:
        """The page's theme (``.type``)."""
        return Theme(self._info.browser.get("theme"))

    @property
    def timezone(self) -> str | None:
        """The browser's IANA time zone, e.g. ``"Europe/Berlin"``."""
        return self._info.browser.get("timezone")

    @property
    def timezone_offset(self) -> int | None:
        """The browser's UTC offset in minutes (JavaScript's sign convention)."""
        return self._info.browser.get("timezone_offset")

    @property
    def url(self) -> str | None:
        """The page URL without query string or fragment."""
        return self._info.browser.get("url")

    def __getitem__(self, name: str) -> Any:
        if name not in self._PROPERTIES:
            raise KeyError(f'st.context has no key "{name}"; it has {", ".join(self._PROPERTIES)}')
        return getattr(self, name)

    def __contains__(self, name: object) -> bool:
        return name in self._PROPERTIES

    def __repr__(self) -> str:
        return f"Context(timezone={self.timezone!r}, locale={self.locale!r}, url={self.url!r})"
