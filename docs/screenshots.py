"""Take the dashboard's screenshots for the docs (docs/images/web-*.png).

Serves the Belgian dataset with ``bioregion.api`` on loopback and drives Debian's
``chromium`` with Playwright, as the browser tests do. Needs the built dashboard
(``make web``). Run: ``.venv/bin/python docs/screenshots.py``.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from bioregion import Store
from bioregion.api import create_app
from bioregion.datasets import load

IMAGES = Path(__file__).resolve().parent / "images"
READY = "() => window.__bioregion && window.__bioregion.ready"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "belgium.db"
        with Store.open(path, create=True) as store:
            load("belgium", store)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(str(path)), port=port, log_level="error"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(base)
            page.wait_for_function(READY)
            page.wait_for_timeout(800)
            page.screenshot(path=IMAGES / "web-network.png")
            page.get_by_test_id("region").select_option("flanders")
            page.evaluate(
                """() => { const s = document.getElementById('year-slider');
                           s.value = 2010; s.dispatchEvent(new Event('input')); }"""
            )
            page.wait_for_function(
                "() => window.__bioregion.ready && window.__bioregion.year === 2010"
            )
            page.wait_for_timeout(800)
            page.screenshot(path=IMAGES / "web-timeline-flanders-2010.png")
            page.goto(base + "#/actor/galapagos")
            page.wait_for_function(
                "() => window.__bioregion.ready && window.__bioregion.actor === 'galapagos'"
            )
            page.wait_for_timeout(800)
            page.screenshot(path=IMAGES / "web-actor-galapagos.png")
            page.goto(base + "#/map")
            page.wait_for_function("() => window.__bioregion.map && window.__bioregion.map.ready")
            page.wait_for_timeout(1500)
            page.screenshot(path=IMAGES / "web-map.png")
            page.goto(base + "#/indicators/geographic_shares")
            page.wait_for_function(
                "() => window.__bioregion.indicator && window.__bioregion.indicator.ready"
            )
            page.wait_for_timeout(500)
            page.screenshot(path=IMAGES / "web-indicator-geographic-shares.png")
            browser.close()
        server.should_exit = True
    print("wrote", *sorted(p.name for p in IMAGES.glob("web-*.png")))


if __name__ == "__main__":
    main()
