"""VSM Desktop: value-stream mapping for workshop facilitators."""

__version__ = "0.1.0"
