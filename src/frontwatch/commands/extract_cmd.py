"""frontwatch extract (placeholder until the pipeline lands)."""
from frontwatch.cli import app  # noqa: F401
