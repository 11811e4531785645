"""The Textual app, its screens and the command line."""
