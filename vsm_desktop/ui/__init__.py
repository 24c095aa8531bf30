"""Qt widgets of VSM Desktop."""

from .qt_compat import protect_none

protect_none()
