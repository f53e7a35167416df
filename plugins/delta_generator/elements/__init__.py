"""The core elements: one Python module per family, one renderer module per element kind."""
