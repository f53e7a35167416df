"""``SQLConnection``: ``st.connection("sql")`` on SQLAlchemy, with cached queries.

Settings come from the secrets section ``[connections.<name>]`` and the keyword
arguments of ``st.connection`` (the arguments win): either ``url``, or ``dialect``,
``driver``, ``username``, ``password``, ``host``, ``port``, ``database`` and ``query``;
``create_engine_params`` (a table) and any other argument go to
``sqlalchemy.create_engine``; ``autocommit=True`` sets ``isolation_level="AUTOCOMMIT"``.
With none of ``url`` and ``dialect`` anywhere, the connection is the embedded default:
an in-memory SQLite database shared by the whole process (see docs/connections.md).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kernel_plugins.connections._base import BaseConnection
from kernel_plugins.connections._drivers import pip_package_for
from kernel_plugins.connections._errors import ConnectionConfigError, ConnectionDriverError
from kernel_plugins.connections._redact import mask_url_text, redact, remember

if TYPE_CHECKING:
    from types import ModuleType

    from pandas import DataFrame
    from sqlalchemy.engine import URL, Connection, Engine
    from sqlalchemy.orm import Session

__all__ = ["EMBEDDED_URL", "SQLConnection"]

log = logging.getLogger("kernel.connections")

EMBEDDED_URL = "sqlite://"
"""The embedded default: an in-memory SQLite database, one per connection object."""

URL_PARAMS = frozenset({"url", "dialect", "driver", "username", "password", "host", "port", "database", "query"})
"""The settings that make the database URL; the others go to ``create_engine``."""

_NOT_FOR_ENGINE = frozenset({"type", "create_engine_params", "autocommit"})

TTL = float | int | datetime.timedelta | None


def _sqlalchemy() -> ModuleType:
    try:
        import sqlalchemy
    except ModuleNotFoundError:
        raise ConnectionDriverError(
            "st.connection(type='sql') needs SQLAlchemy, which is not installed. Install it with: "
            "pip install \"kernel[sql]\" (SQLAlchemy and pandas)."
        ) from None
    return sqlalchemy


def _plain(section: Mapping[str, Any]) -> dict[str, Any]:
    to_dict = getattr(section, "to_dict", None)
    return dict(to_dict()) if callable(to_dict) else dict(section)


class SQLConnection(BaseConnection["Engine"]):
    """A connection to a SQL database through a SQLAlchemy engine (``st.connection("sql")``).

    ``query()`` returns a pandas DataFrame cached with ``st.cache_data``; ``session`` and
    ``connect()`` give SQLAlchemy's ORM session and a connection for writes.
    """

    _cache_key: str = ""
    _embedded: bool = False

    def _connect(self, autocommit: bool = False, **kwargs: Any) -> Engine:
        sa = _sqlalchemy()
        secrets = _plain(self._secrets)
        settings = {**secrets, **kwargs}
        engine_params = dict(secrets.get("create_engine_params") or {})
        engine_params.update(kwargs.get("create_engine_params") or {})
        autocommit = bool(autocommit or settings.get("autocommit", False))
        url_params = {k: v for k, v in settings.items() if k in URL_PARAMS and v is not None}
        engine_params.update({k: v for k, v in settings.items() if k not in URL_PARAMS | _NOT_FOR_ENGINE})
        if autocommit:
            engine_params["isolation_level"] = "AUTOCOMMIT"
        url = self._url(sa, url_params)
        if self._embedded:
            from sqlalchemy.pool import StaticPool

            engine_params.setdefault("poolclass", StaticPool)
            engine_params.setdefault("connect_args", {"check_same_thread": False})
        engine = self._create_engine(sa, url, engine_params)
        identity = f"{self._connection_name}\0{url.render_as_string(hide_password=False)}\0{sorted(engine_params)!r}"
        if self._embedded:
            identity += f"\0{id(engine)}"
        self._cache_key = hashlib.sha256(identity.encode()).hexdigest()
        return engine

    # -- the URL ---------------------------------------------------------------------------

    def _where(self) -> str:
        return f"st.connection({self._connection_name!r})"

    def _url(self, sa: ModuleType, params: dict[str, Any]) -> URL:
        remember([params.get("password")])
        raw = params.get("url")
        if raw is not None:
            extra = sorted(set(params) - {"url"})
            if extra:
                raise ConnectionConfigError(
                    f"{self._where()}: both url and {', '.join(extra)} are set; give either a url or the parts "
                    f"of one (dialect, host, ...) in [connections.{self._connection_name}] or the arguments."
                )
            return self._parse_url(sa, raw)
        if "dialect" not in params:
            extra = sorted(set(params))
            if extra:
                raise ConnectionConfigError(
                    f"{self._where()}: {', '.join(extra)} is set but neither url nor dialect is; add "
                    f"url = \"dialect+driver://user:password@host:port/database\" or dialect = \"postgresql\" "
                    f"(with host, username, ...) to [connections.{self._connection_name}] in secrets.toml, or "
                    "pass them to st.connection."
                )
            return self._embedded_url(sa)
        return self._url_from_parts(sa, params)

    def _parse_url(self, sa: ModuleType, raw: Any) -> URL:
        if isinstance(raw, sa.engine.URL):
            remember([raw.password])
            return raw  # type: ignore[no-any-return]
        text = str(raw)
        try:
            url: URL = sa.engine.make_url(text)
        except (sa.exc.ArgumentError, ValueError, TypeError) as exc:
            scheme = text.partition("://")[0] if "://" in text else ""
            readable = scheme.isprintable() and 0 < len(scheme) < 40
            shown = f"the url starting {scheme + '://'!r}" if readable else "the url"
            raise ConnectionConfigError(
                f"{self._where()}: {shown} is not a database URL SQLAlchemy can read "
                f"({redact(mask_url_text(str(exc)))}). Write it as "
                "dialect+driver://username:password@host:port/database, "
                "e.g. postgresql+psycopg://me:***@localhost:5432/shop, or sqlite:///app.db for a file next to "
                "the app; quote special characters of the password with urllib.parse.quote_plus."
            ) from None
        remember([url.password])
        return url

    def _url_from_parts(self, sa: ModuleType, params: dict[str, Any]) -> URL:
        dialect = str(params["dialect"])
        driver = params.get("driver")
        port = params.get("port")
        try:
            return sa.engine.URL.create(  # type: ignore[no-any-return]
                drivername=f"{dialect}+{driver}" if driver else dialect,
                username=params.get("username"),
                password=params.get("password"),
                host=params.get("host"),
                port=int(port) if port is not None else None,
                database=params.get("database"),
                query=dict(params.get("query") or {}),
            )
        except (sa.exc.ArgumentError, ValueError, TypeError) as exc:
            raise ConnectionConfigError(
                f"{self._where()}: the settings of [connections.{self._connection_name}] do not make a database "
                f"URL ({redact(str(exc))}); port must be a number and query a table of strings."
            ) from None

    def _embedded_url(self, sa: ModuleType) -> URL:
        self._embedded = True
        log.warning(
            "%s: no url nor dialect in [connections.%s] of the secrets nor in the arguments; using the embedded "
            "in-memory SQLite database (its tables live as long as this process). Set url = \"sqlite:///app.db\" "
            "for a file, or the URL of your database server.", self._where(), self._connection_name,
        )
        return sa.engine.make_url(EMBEDDED_URL)  # type: ignore[no-any-return]

    # -- the engine ------------------------------------------------------------------------

    def _create_engine(self, sa: ModuleType, url: URL, params: dict[str, Any]) -> Engine:
        shown = url.render_as_string(hide_password=True)
        try:
            return sa.create_engine(url, **params)  # type: ignore[no-any-return]
        except ImportError as exc:
            missing = getattr(exc, "name", None)
            raise ConnectionDriverError(
                f"{self._where()}: the database driver {missing or '?'!r} that {url.drivername}:// uses is not "
                f"installed. Install it with: pip install {pip_package_for(missing)} "
                f"(or name another driver in the url, e.g. {url.get_backend_name()}+<driver>://...)."
            ) from None
        except sa.exc.NoSuchModuleError:
            raise ConnectionConfigError(
                f"{self._where()}: no SQLAlchemy dialect is installed for {url.drivername!r} (url {shown!r}). "
                "Check the url's scheme (postgresql, mysql, sqlite, mssql, oracle, ... with an optional +driver), "
                "or install the package that provides that dialect."
            ) from None
        except (sa.exc.ArgumentError, TypeError, ValueError) as exc:
            raise ConnectionConfigError(
                f"{self._where()}: sqlalchemy.create_engine refused the settings for {shown!r}: "
                f"{redact(str(exc))}. Check create_engine_params and the other arguments."
            ) from None

    def _on_reset(self, old: Engine) -> None:
        old.dispose()

    # -- what users call -------------------------------------------------------------------

    def query(
        self,
        sql: str,
        *,
        show_spinner: bool | str = "Running `sql.query(...)`.",
        ttl: TTL = None,
        index_col: str | list[str] | None = None,
        chunksize: int | None = None,
        params: Any = None,
        **kwargs: Any,
    ) -> DataFrame:
        """Run a read-only query and return its rows as a pandas DataFrame, cached with ``st.cache_data``.

        The same ``sql``, ``params`` and other arguments on the same connection within ``ttl``
        seconds (``None``: until the cache is cleared) return the cached frame without asking
        the database. ``params`` fill ``:name`` placeholders; ``index_col``, ``chunksize`` and
        ``kwargs`` go to ``pandas.read_sql`` (with ``chunksize``, rows are fetched that many at
        a time and returned as one frame).
        """
        cached = _query_function(ttl, show_spinner)
        self._instance  # noqa: B018 - connects (again after reset), which sets the cache key
        return cached(self._cache_key, sql, index_col=index_col, chunksize=chunksize, params=params,
                      _connection=self, **kwargs)

    def connect(self) -> Connection:
        """A new SQLAlchemy connection from the engine's pool (use it in a ``with`` block)."""
        return self._instance.connect()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine."""
        return self._instance

    @property
    def driver(self) -> str:
        """The name of the DBAPI driver the engine uses (``"psycopg"``, ``"pysqlite"``, ...)."""
        return str(self._instance.driver)

    @property
    def session(self) -> Session:
        """A new SQLAlchemy ORM session on the engine (use it in a ``with`` block)."""
        from sqlalchemy.orm import Session

        return Session(self._instance)


def _read(connection: SQLConnection, sql: str, index_col: Any, chunksize: int | None, params: Any,
          kwargs: dict[str, Any]) -> DataFrame:  # fmt: skip
    sa = _sqlalchemy()
    try:
        import pandas as pd
    except ModuleNotFoundError:
        raise ConnectionDriverError(
            "SQLConnection.query returns a pandas DataFrame and pandas is not installed. Install it with: "
            "pip install \"kernel[sql]\"."
        ) from None
    with connection.connect() as conn:
        if chunksize:
            frames = list(pd.read_sql(sa.text(sql), conn, index_col=index_col, chunksize=chunksize, params=params,
                                      **kwargs))
            return pd.concat(frames) if frames else pd.DataFrame()
        return pd.read_sql(sa.text(sql), conn, index_col=index_col, params=params, **kwargs)


_functions: dict[tuple[Any, Any], Any] = {}
_functions_lock = threading.Lock()


def _query_function(ttl: TTL, show_spinner: bool | str) -> Any:
    """The ``st.cache_data`` function that runs queries with this ``ttl`` (one cache per ttl)."""
    slot = (ttl, show_spinner)
    found = _functions.get(slot)
    if found is not None:
        return found
    from kernel import st

    def query(connection_key: str, sql: str, index_col: Any, chunksize: int | None, params: Any,
              _connection: SQLConnection, **kwargs: Any) -> DataFrame:  # fmt: skip
        return _read(_connection, sql, index_col, chunksize, params, kwargs)

    query.__qualname__ = f"SQLConnection.query[ttl={ttl!r}]"
    cached = st.cache_data(query, ttl=ttl, show_spinner=show_spinner)
    with _functions_lock:
        return _functions.setdefault(slot, cached)
