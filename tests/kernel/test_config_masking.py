"""Options marked ``metadata={"mask": ...}`` never show their value: ``kernel config show`` and errors mask it."""

from __future__ import annotations

import attrs
import pytest

from kernel import ConfigError, ConfigSection, hookimpl
from kernel._config import mask_url_password
from tests.conftest import MakeApp


@attrs.define
class VaultConfig:
    """A section with a key and a URL that may carry a password."""

    token: str | None = attrs.field(default=None, metadata={"mask": True})
    url: str = attrs.field(default="proto://host/0", metadata={"mask": "url"})
    timeout: int = attrs.field(default=3, metadata={"mask": True})
    plain: str = "shown"


class VaultPlugin:
    @hookimpl
    def kernel_register_config_sections(self) -> list[ConfigSection]:
        return [ConfigSection("vault", VaultConfig)]


def test_masked_values_are_hidden_in_config_items(make_app: MakeApp) -> None:
    options = {"vault.token": "tok-123456", "vault.url": "proto://me:pa55word@host:1/0?x=1"}
    app = make_app(plugins=[(VaultPlugin(), "vault")], config_options=options)
    rows = {option: value for section, option, value, _ in app.config.items() if section == "vault"}
    assert rows == {"token": "***", "url": "proto://me:***@host:1/0?x=1", "timeout": "***", "plain": "shown"}
    assert app.config["vault"].token == "tok-123456", "only the display is masked"


def test_an_unset_masked_option_shows_as_unset(make_app: MakeApp) -> None:
    app = make_app(plugins=[(VaultPlugin(), "vault")])
    rows = {option: value for section, option, value, _ in app.config.items() if section == "vault"}
    assert rows["token"] is None and rows["url"] == "proto://host/0"


def test_a_type_error_does_not_show_a_masked_value(make_app: MakeApp) -> None:
    with pytest.raises(ConfigError, match=r"vault.timeout must be of type int, got '\*\*\*' \(str\)") as info:
        make_app(plugins=[(VaultPlugin(), "vault")], config_options={"vault.timeout": "s3cr3t-value"})
    assert "s3cr3t" not in str(info.value)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:s3cret@cache:6379/0", "redis://:***@cache:6379/0"),
        ("rediss://alice:s3cret@cache:6380/1", "rediss://alice:***@cache:6380/1"),
        ("redis://alice@cache/0", "redis://alice@cache/0"),
        ("redis://cache/0?password=s3cret&ssl_cert_reqs=none", "redis://cache/0?password=***&ssl_cert_reqs=none"),
        ("redis://cache:6379/0", "redis://cache:6379/0"),
    ],
)
def test_url_passwords_are_masked(url: str, shown: str) -> None:
    assert mask_url_password(url) == shown
