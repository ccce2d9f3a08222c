"""Decision Press: a public body's formal decisions, from YAML records to a website and PDFs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("decision-press")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
