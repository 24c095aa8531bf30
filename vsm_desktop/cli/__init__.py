"""The ``vsm`` command line: headless commands over the same core as the app."""
