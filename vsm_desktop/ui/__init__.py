"""Qt widgets of VSM Desktop."""
