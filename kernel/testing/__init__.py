"""Helpers for testing kernel apps and plugins: in-memory components and conformance kits."""
