"""The checkout folder ``plugins/``, installed as ``kernel_plugins``."""

if __name__ != "kernel_plugins":  # a checkout also has this folder on sys.path: never load a second copy
    raise ImportError(f"import kernel_plugins, not {__name__}: the folder installs as kernel_plugins")
