"""wbl_match: work-based learning placement matching for regional intermediaries.

This package file stays light: ``import wbl_match.matching`` (the engine and its command line) must not
pay for loading Flask and SQLAlchemy. The application itself is built in ``wbl_match.app``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from wbl_match.config import Config

__version__ = "0.1.0"


def create_app(config: "Config | None" = None) -> "Flask":
    """Build the application: configuration, extensions, security, blueprints and commands."""
    from wbl_match.app import create_app as build

    return build(config)
