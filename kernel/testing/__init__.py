"""Test kits for plugin authors: conformance checks of component contracts."""
