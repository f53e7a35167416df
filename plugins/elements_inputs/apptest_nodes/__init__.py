"""AppTest node classes of the widgets and containers this plugin provides (``kernel_register_test_nodes``).

``inputs`` comes first: its narrower matches (a slider over dates, a selectbox that
accepts new options) must win over the general ones of ``widgets``.
"""

from __future__ import annotations

from collections.abc import Sequence

from kernel.testing.nodes import TestNodeType
from kernel_plugins.elements_inputs.apptest_nodes import catalogue, forms, inputs, widgets

NODE_TYPES: Sequence[TestNodeType] = (*inputs.INPUT_NODE_TYPES, *widgets.NODE_TYPES, *forms.NODE_TYPES,
                                      *catalogue.NODE_TYPES)
