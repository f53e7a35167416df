"""Testing kits shipped with kernel: conformance checks for component implementations."""
