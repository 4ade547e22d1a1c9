"""The report rendered by a real browser (headless Chromium, Debian's ``chromium``):
a non-blank first screen, every section and figure in the rendered DOM, no console
error and no failed load."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bioregion.datasets import load
from bioregion.report import SECTION_IDS, build_report

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: Lines of Chromium's log that mean the page went wrong: console messages (errors and
#: uncaught exceptions are logged as CONSOLE) and failed loads.
PAGE_ERRORS = re.compile(r":CONSOLE[:\(]|net::ERR_|Uncaught|Failed to load resource")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs headless Chromium at /usr/bin/chromium (Debian package 'chromium')",
    ),
]


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *extra,
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def page_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if PAGE_ERRORS.search(line)]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    store = load("belgium")
    try:
        return build_report(
            store,
            region="flanders",
            compare=("flanders", "wallonia", "brussels"),
            period=(1987, 2017),
            out_dir=tmp_path_factory.mktemp("browser"),
        )
    finally:
        store.close()


def test_first_screen_screenshot_is_written_and_not_blank(report, tmp_path):
    from matplotlib.image import imread

    png = tmp_path / "first.png"
    run = chromium(report, tmp_path / "profile", f"--screenshot={png}", "--window-size=1280,900")
    assert png.exists(), run.stderr[-2000:]
    pixels = imread(png)
    assert pixels.shape[:2] == (900, 1280)
    rgb = pixels[..., :3].reshape(-1, 3)
    assert rgb.std(axis=0).max() > 0.05  # not one flat colour
    assert len({tuple(p) for p in (rgb[::97] * 255).round().astype(int)}) > 20
    assert page_errors(run.stderr) == []


def test_rendered_dom_has_every_section_and_figure_without_errors(report, tmp_path):
    run = chromium(report, tmp_path / "profile", "--dump-dom")
    dom = run.stdout
    assert dom.strip(), run.stderr[-2000:]
    ids = re.findall(r'<section id="([^"]+)"', dom)
    assert ids == list(SECTION_IDS)
    for section_id in SECTION_IDS:
        assert re.search(rf'<section id="{section_id}">\s*<h2>[^<]+</h2>', dom), section_id
    source = report.read_text(encoding="utf-8")
    expected = len(re.findall(r"<img ", source))
    images = re.findall(r'<img src="(data:image/png;base64,[^"]+)"', dom)
    assert len(images) == expected >= 15
    assert page_errors(run.stderr) == []


def test_a_page_error_would_be_caught(tmp_path):
    """The error check can fail: a broken page is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><body><img src="missing.png">'
        "<script>console.error('boom'); notDefined();</script></body></html>"
    )
    run = chromium(bad, tmp_path / "profile", "--dump-dom")
    errors = page_errors(run.stderr)
    assert any("boom" in e for e in errors)
    assert any("notDefined" in e for e in errors)
