"""Parsed CSS kept between runs: the same rules and screen; nothing trusted that should not be."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from textual.color import Color
from textual.css.stylesheet import StylesheetParseError

from allies.store.repository import Repository
from allies.tui.css_cache import KEPT_AT_MOST, CssCache
from allies.widgets.textual_tuning import CachedStylesheet

SOURCE = ("a.tcss", "")


async def _first_screen(repo: Repository, make_app, cache: CssCache, theme: str) -> str:
    app = make_app(repo, css_cache=cache, theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen: str = app.export_screenshot()
    cache.save()
    return screen


async def _every_view(repo: Repository, make_app, cache: CssCache) -> list[str]:
    app = make_app(repo, css_cache=cache, theme="allies-dark")
    screens = []
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("2", "3", "4", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            screens.append(app.export_screenshot())
    cache.save()
    return screens


async def test_a_second_start_reads_every_rule_from_the_cache_and_draws_the_same_screen(
    demo_repo: Repository, make_app, tmp_path: Path
) -> None:
    path = tmp_path / "cache" / "css.pickle"
    cold = CssCache(path)
    first = await _first_screen(demo_repo, make_app, cold, "allies-dark")
    assert cold.hits == 0 and path.exists()
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert os.stat(path.parent).st_mode & 0o777 == 0o700

    warm = CssCache(path)
    second = await _first_screen(demo_repo, make_app, warm, "allies-dark")
    assert warm.hits > 10  # the app's files and every widget's default CSS
    assert second == first

    light = CssCache(path)  # another theme: other variables, parsed afresh and kept
    lit = await _first_screen(demo_repo, make_app, light, "allies-light")
    assert light.hits == 0 and lit != first
    both = CssCache(path)
    assert await _first_screen(demo_repo, make_app, both, "allies-dark") == first
    assert both.hits == warm.hits

    views = await _every_view(demo_repo, make_app, CssCache(path))  # their CSS added
    again = CssCache(path)
    assert await _every_view(demo_repo, make_app, again) == views
    assert again.hits > warm.hits


def _sheet(cache: CssCache, css: str, accent: str = "#ff0000") -> CachedStylesheet:
    sheet = CachedStylesheet(variables={"accent": accent})
    sheet.disk_cache = cache
    sheet.add_source(css, read_from=SOURCE)
    sheet.parse()
    return sheet


def test_the_rules_depend_on_the_css_and_the_variables(tmp_path: Path) -> None:
    path = tmp_path / "css.pickle"
    first = CssCache(path)
    _sheet(first, "Static { color: $accent; }")
    first.save()

    again = CssCache(path)
    sheet = _sheet(again, "Static { color: $accent; }")
    assert again.hits == 1
    assert sheet.rules[0].styles.color == Color.parse("#ff0000")

    edited = CssCache(path)  # the file changed: parsed again
    assert _sheet(edited, "Static { color: $accent; width: 3; }").rules[0].styles.width
    other = CssCache(path)  # another theme: parsed with its colours
    sheet = _sheet(other, "Static { color: $accent; }", accent="#00ff00")
    assert (edited.hits, other.hits) == (0, 0)
    assert sheet.rules[0].styles.color == Color.parse("#00ff00")


def test_css_with_errors_is_never_kept(tmp_path: Path) -> None:
    path = tmp_path / "css.pickle"
    cache = CssCache(path)
    sheet = CachedStylesheet()
    sheet.disk_cache = cache
    sheet.add_source("Static { colour: red; }", read_from=SOURCE)
    with pytest.raises(StylesheetParseError):
        sheet.parse()
    cache.save()
    assert not path.exists()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: p.write_bytes(b"not a pickle"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps(((0, "old"), {}))), id="other-version"),
        pytest.param(lambda p: os.chmod(p, 0o666), id="writable-by-others"),
        pytest.param(lambda p: os.chmod(p.parent, 0o777), id="folder-writable-by-others"),
    ],
)
def test_a_cache_that_cannot_be_trusted_is_ignored_and_replaced(tmp_path: Path, spoil) -> None:
    path = tmp_path / "cache" / "css.pickle"
    first = CssCache(path)
    _sheet(first, "Static { color: $accent; }")
    first.save()
    spoil(path)

    again = CssCache(path)
    assert _sheet(again, "Static { color: $accent; }").rules[0].styles.color
    assert again.hits == 0
    os.chmod(path.parent, 0o700)
    again.save()  # rewritten, private again, and read next time
    os.chmod(path, 0o600)
    third = CssCache(path)
    _sheet(third, "Static { color: $accent; }")
    assert third.hits == 1


def test_saving_never_raises_and_nothing_new_is_not_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    cache = CssCache(blocker / "css.pickle")
    _sheet(cache, "Static { color: red; }")
    cache.save()  # cannot be written: silently skipped
    assert blocker.read_text().startswith("a file")

    path = tmp_path / "css.pickle"
    unused = CssCache(path)
    unused.save()
    assert not path.exists()


def test_a_full_cache_keeps_only_what_the_last_run_used(tmp_path: Path) -> None:
    path = tmp_path / "css.pickle"
    for i in range(KEPT_AT_MOST + 1):
        cache = CssCache(path)
        _sheet(cache, f"Static {{ width: {i + 1}; }}")
        cache.save()
    last = CssCache(path)
    _sheet(last, f"Static {{ width: {KEPT_AT_MOST + 1}; }}")
    assert last.hits == 1
    _sheet(last, "Static { width: 1; }")  # the oldest was dropped when the cache grew too big
    assert last.hits == 1


def test_a_damaged_entry_is_parsed_again_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "css.pickle"
    first = CssCache(path)
    _sheet(first, "Static { color: $accent; }")
    first.save()
    stamp, blobs = pickle.loads(path.read_bytes())
    for by_source in blobs.values():
        for source in by_source:
            by_source[source] = b"damaged"
    path.write_bytes(pickle.dumps((stamp, blobs)))

    again = CssCache(path)
    assert _sheet(again, "Static { color: $accent; }").rules[0].styles.color
    assert again.hits == 0
    again.save()
    third = CssCache(path)
    _sheet(third, "Static { color: $accent; }")
    assert third.hits == 1
