"""A stylesheet that parses each CSS source once per set of theme variables.

Textual re-parses every source in a throw-away stylesheet when the variables
change (at start-up, when the theme is set), then parses them all again in the
app's own stylesheet as soon as the first widget registers its default CSS:
the whole CSS twice before the first screen (~25 ms). Parsing in place gives
the same rules and keeps them in the stylesheet's cache, which Textual already
empties whenever the variables change. A source that fails to parse leaves the
current rules as they were, as before.

Rules parsed in earlier runs can come from the user's cache folder instead of
the parser (tui/css_cache.py): the same rules, without the ~10 ms of parsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

if TYPE_CHECKING:
    from textual.css.model import RuleSet

    from allies.tui.css_cache import CssCache


class CachedStylesheet(Stylesheet):
    """Textual's stylesheet, re-parsed in place so the parsed rules are kept.

    With a ``disk_cache``, rules parsed in an earlier run are read from it rather
    than parsed again (see tui/css_cache.py).
    """

    disk_cache: CssCache | None = None

    def reparse(self) -> None:
        """Parse the sources with the current variables (cached ones are reused)."""
        self.parse()

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        """Textual's parse, served from the cache of earlier runs when it has these rules."""
        source = (css, read_from, is_default_rules, tie_breaker, scope)
        disk = self.disk_cache
        if disk is None or source in self._parse_cache:
            return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        variables = disk.variables_key(self._variables)
        rules = disk.get(variables, source)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):
                disk.put(variables, source, rules)
        else:
            self._parse_cache[source] = rules
        return rules
