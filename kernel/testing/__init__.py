"""Helpers for testing kernel apps and plugins: fixtures, in-memory components, conformance kits."""
