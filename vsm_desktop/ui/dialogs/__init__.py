"""Generic dialogs of the main window (prompts, file choosers, messages)."""
