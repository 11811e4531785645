"""The UI-free core of Allies: models, storage, repository and rules.

Nothing in this package imports Textual or Rich.
"""
