"""The command catalogs of the core element plugins, for tests that check every command."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from kernel import Command
from kernel_plugins.elements_charts import _catalog as elements_charts_catalog
from kernel_plugins.elements_data import _catalog as elements_data_catalog
from kernel_plugins.elements_inputs import _catalog as elements_inputs_catalog
from kernel_plugins.elements_layout import _catalog as elements_layout_catalog
from kernel_plugins.elements_media import _catalog as elements_media_catalog
from kernel_plugins.elements_status import _catalog as elements_status_catalog
from kernel_plugins.elements_text import _catalog as elements_text_catalog

CATALOGS: dict[str, tuple[ModuleType, Path]] = {
    # plugin: (its catalog module, the folder of its renderers)
    "elements_inputs": (elements_inputs_catalog, elements_inputs_catalog.HERE),
    "elements_text": (elements_text_catalog, elements_text_catalog.HERE),
    "elements_status": (elements_status_catalog, elements_status_catalog.HERE),
    "elements_data": (elements_data_catalog, elements_data_catalog.HERE),
    "elements_charts": (elements_charts_catalog, elements_charts_catalog.HERE),
    "elements_media": (elements_media_catalog, elements_media_catalog.HERE),
    "elements_layout": (elements_layout_catalog, elements_layout_catalog.HERE),
}


def commands() -> list[Command]:
    """Every command of the core element plugins, none of them imported yet."""
    return [command for catalog, _ in CATALOGS.values() for command in catalog.commands()]
