"""The version of teletype-cables (read by pyproject.toml, the CLI and SARIF output)."""

__version__ = "0.1.0"
