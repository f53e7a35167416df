"""The checkout folder ``contrib/``, installed as ``kernel_contrib``."""

if __name__ != "kernel_contrib":  # a checkout also has this folder on sys.path: never load a second copy
    raise ImportError(f"import kernel_contrib, not {__name__}: the folder installs as kernel_contrib")
