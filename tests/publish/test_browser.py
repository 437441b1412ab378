"""The report site as a person sees it, in headless Chromium (Debian's /usr/bin/chromium,
driven by playwright; playwright never downloads a browser here).

The site is built once per session by ``sdfkit.batch.run_batch`` (about a minute).
index.html is opened from disk (file://) and served over HTTP by a server on
127.0.0.1 that the fixture starts on a free port and stops; so are two project
pages. Each page: every image loaded, every link resolves (a file on disk, no 404
when served), Hangul is drawn with a real font (not boxes), and index.html has no
horizontal overflow on a 375-px-wide phone. Screenshots go to reports/screenshots/
for a person to look at.

Nothing leaves this machine: every request that is not file://, data: or the test
server is aborted (and recorded), and host names do not resolve in the browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from sdfkit import paths

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No name resolves but the test server's address: nothing can leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
REPORT = paths.RAW / "000_ad13b4a15167881f.txt"
SCREENSHOTS = paths.REPORTS / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
HANGUL = re.compile(r"[가-힣]")
PROJECT_PAGE = re.compile(r"^project_\d{2,}\.html$")

pytestmark = pytest.mark.slow


# --- fixtures ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed: run make browser")
    return CHROMIUM


@pytest.fixture(scope="session")
def site(chromium, tmp_path_factory) -> Path:
    """The site of the bundled report, built once: ``<tmp>/<report-id>/``."""
    from sdfkit.batch import run_batch

    out = tmp_path_factory.mktemp("site")
    result = run_batch(REPORT, out, jobs=None, progress=False)
    assert result.exit_code == 0, result.summary()
    assert (result.out_dir / "index.html").is_file()
    return result.out_dir


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # quiet; statuses are kept on the server instead

    def log_request(self, code="-", size="-"):
        self.server.statuses.append((self.path, int(code) if str(code).isdigit() else 0))


@pytest.fixture(scope="session")
def server(site):
    """The site served by python's http.server on 127.0.0.1, a free port; yields its
    base URL (ending in /) and stops it afterwards."""
    handler = functools.partial(_Handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.statuses = []
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


# The machine's fonts, less every font that has Hangul.
NO_HANGUL_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<selectfont><rejectfont><pattern><patelt name="lang"><string>ko</string></patelt></pattern>
</rejectfont></selectfont>
</fontconfig>
"""


@pytest.fixture(scope="session")
def browser(chromium, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    # Chromium sees no Korean font of this machine: Hangul must come from the font
    # the pages embed, as on a reader's machine without Korean fonts.
    conf = tmp_path_factory.mktemp("fontconfig") / "fonts.conf"
    conf.write_text(NO_HANGUL_FONTS_CONF)
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True, env=env
        )
    except Exception:
        pw.stop()
        raise
    try:
        yield b
    finally:
        b.close()
        pw.stop()


@pytest.fixture(scope="session")
def project_pages(site) -> list[str]:
    """Two project pages: the first and the last the index links."""
    index = (site / "index.html").read_text(encoding="utf-8")
    pages = sorted(set(re.findall(r'href="(project_\d{2,}\.html)"', index)))
    assert len(pages) >= 2, "index.html links fewer than two project pages"
    return [pages[0], pages[-1]]


# --- opening a page -----------------------------------------------------------------


class Visit:
    """A page opened in a fresh context, with what happened while loading it."""

    def __init__(self, browser, url: str, viewport: dict, local_origin: str | None = None):
        self.url = url
        self.external: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.bad_responses: list[tuple[str, int]] = []
        self.failed_requests: list[str] = []
        self.context = browser.new_context(viewport=viewport, locale="ko-KR", device_scale_factor=1)
        self.context.route("**/*", functools.partial(self._route, local_origin))
        page = self.context.new_page()
        page.on(
            "console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on(
            "response",
            lambda r: self.bad_responses.append((r.url, r.status)) if r.status >= 400 else None,
        )
        page.on(
            "requestfailed",
            lambda r: None if r.url in self.external else self.failed_requests.append(r.url),
        )
        self.page = page
        try:
            page.goto(url, wait_until="load", timeout=60_000)
        except Exception:
            self.context.close()
            raise

    def _route(self, local_origin, route):
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:")) or (
            local_origin and url.startswith(local_origin)
        ):
            route.continue_()
        else:
            self.external.append(url)
            route.abort("blockedbyclient")

    def close(self):
        self.context.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_LOAD_IMAGES = """
async () => {
  const imgs = [...document.images];
  for (const img of imgs) { img.loading = 'eager'; img.scrollIntoView(); }
  await Promise.all(imgs.map(img => (img.complete && img.naturalWidth) ? null : new Promise(done => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
    setTimeout(done, 15000);
  })));
  window.scrollTo(0, 0);
  return imgs.map(img => ({src: (img.getAttribute('src') || '').slice(0, 80),
                           url: (img.currentSrc || img.src).slice(0, 200),
                           width: img.naturalWidth, height: img.naturalHeight}));
}
"""

_LINKS = """
() => [...document.querySelectorAll('a[href]')].map(a => ({href: a.getAttribute('href'), url: a.href}))
"""

_HAS_ANCHOR = """
(frag) => {
  // As the HTML spec finds a fragment's element: the fragment as written, then decoded.
  const ids = [frag];
  try { ids.push(decodeURIComponent(frag)); } catch (e) {}
  return ids.some(id => document.getElementById(id) || document.getElementsByName(id).length);
}
"""

_OVERFLOW = """
() => {
  const root = document.documentElement;
  const limit = root.clientWidth + 1;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return true;
    }
    return false;
  };
  const offenders = [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > limit && !scrolls(el))
    .slice(0, 8)
    .map(el => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).replace(/ /g, '.') : ''}`
               + ` right=${Math.round(el.getBoundingClientRect().right)}`);
  const wraps = [...document.querySelectorAll('table')].map(t => {
    const box = t.parentElement;
    return {scrolls: box.scrollWidth > box.clientWidth, box: box.className, boxWidth: box.clientWidth};
  });
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
          bodyScrollWidth: document.body.scrollWidth, offenders, wraps};
}
"""

_HANGUL_FONT = """
() => {
  const family = getComputedStyle(document.querySelector('h1') || document.body).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = 96; canvas.height = 96;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (text) => {
    ctx.clearRect(0, 0, 96, 96);
    ctx.font = `64px ${family}`;
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#000';
    ctx.fillText(text, 8, 8);
    const alpha = ctx.getImageData(0, 0, 96, 96).data.filter((_, i) => i % 4 === 3);
    return {alpha: alpha.join(','), ink: alpha.filter(a => a > 0).length, width: ctx.measureText(text).width};
  };
  // Two syllables of the page (the embedded font is subset to the page's own
  // characters), and a code point no font has (drawn as the missing glyph).
  const syllables = [...new Set([...document.body.innerText].filter(c => c >= '가' && c <= '힣'))];
  const han = draw(syllables[0] || '한'), geul = draw(syllables[1] || '글');
  const none = draw('\\u{10FFFD}');
  return {
    family,
    fontsCheck: document.fonts.check('16px sans-serif', '한글'),
    text: document.body.innerText.slice(0, 2000),
    width: han.width, inkHan: han.ink, inkGeul: geul.ink,
    sameShape: han.alpha === geul.alpha,
    likeMissingGlyph: han.alpha === none.alpha,
  };
}
"""


# --- checks --------------------------------------------------------------------------


def check_images(visit: Visit) -> list[dict]:
    images = visit.page.evaluate(_LOAD_IMAGES)
    broken = [i for i in images if not i["width"]]
    assert not broken, f"{visit.url}: images not loaded: {broken}"
    return images


def check_links_on_disk(visit: Visit, root: Path) -> int:
    """Every link of a file:// page names a file that exists (inside the site), or an
    anchor of the page itself."""
    problems = []
    links = visit.page.evaluate(_LINKS)
    for link in links:
        url = urlparse(link["url"])
        if url.scheme != "file":
            problems.append(f"{link['href']}: not a relative link to a file ({url.scheme})")
            continue
        target = Path(unquote(url.path))
        if not target.is_file():
            problems.append(f"{link['href']}: {target} does not exist")
        elif root.resolve() not in target.resolve().parents:
            problems.append(f"{link['href']}: leaves the site folder")
        if url.fragment and target == Path(unquote(urlparse(visit.url).path)):
            if not visit.page.evaluate(_HAS_ANCHOR, url.fragment):
                problems.append(f"{link['href']}: no element with that id")
    assert not problems, f"{visit.url}: broken links:\n" + "\n".join(problems)
    return len(links)


def check_links_served(visit: Visit, base: str) -> int:
    """Every link of a served page is on the test server and answers without an error."""
    problems = []
    links = visit.page.evaluate(_LINKS)
    seen: dict[str, int] = {}
    for link in links:
        absolute = urljoin(visit.url, link["href"])
        if not absolute.startswith(base):
            problems.append(f"{link['href']}: points off the site ({absolute})")
            continue
        target = absolute.split("#", 1)[0]
        if target not in seen:
            seen[target] = visit.page.request.get(target, timeout=30_000).status
        if seen[target] >= 400:
            problems.append(f"{link['href']}: HTTP {seen[target]}")
    assert not problems, f"{visit.url}: broken links:\n" + "\n".join(problems)
    return len(seen)


def check_hangul(visit: Visit) -> dict:
    found = visit.page.evaluate(_HANGUL_FONT)
    assert HANGUL.search(found["text"]), f"{visit.url}: no Hangul in the page's text"
    assert found["fontsCheck"], f"{visit.url}: document.fonts.check says no font for Hangul"
    detail = f"{visit.url}: font-family {found['family']!r}, platform fonts {platform_fonts(visit)}"
    assert found["width"] > 0 and found["inkHan"] > 0, f"Hangul draws nothing. {detail}"
    # With no Hangul font every syllable is the same box: the missing-glyph shape.
    assert not found["sameShape"] and not found["likeMissingGlyph"], (
        f"Hangul is drawn as boxes (tofu): the page's embedded font did not load. {detail}"
    )
    return found


def platform_fonts(visit: Visit) -> list[str]:
    """The fonts Chromium actually drew the page's heading with (DevTools protocol)."""
    try:
        cdp = visit.context.new_cdp_session(visit.page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
        if not node:
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "body"})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return [f"{f['familyName']} ({f['glyphCount']} glyphs)" for f in fonts]
    except Exception as err:  # noqa: BLE001 - a diagnostic only
        return [f"unknown: {err}"]


def check_quiet(visit: Visit) -> None:
    """No failed local request, no HTTP error, no script error."""
    assert not visit.bad_responses, f"{visit.url}: error responses {visit.bad_responses}"
    assert not visit.failed_requests, f"{visit.url}: failed requests {visit.failed_requests}"
    assert not visit.page_errors, f"{visit.url}: script errors {visit.page_errors}"


def screenshot(visit: Visit, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    visit.page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{path}: screenshot looks empty"
    return path


# --- tests ---------------------------------------------------------------------------


def test_index_from_disk(browser, site):
    with Visit(browser, (site / "index.html").as_uri(), DESKTOP) as visit:
        assert visit.page.title(), "index.html has no title"
        images = check_images(visit)
        assert images, "index.html shows no figure"
        assert check_links_on_disk(visit, site) > 10
        check_hangul(visit)
        check_quiet(visit)
        assert not visit.external, f"index.html asks the network for {visit.external}"
        screenshot(visit, "index_desktop.png")


def test_index_served(browser, site, server):
    base, httpd = server
    with Visit(browser, base + "index.html", DESKTOP, local_origin=base) as visit:
        check_images(visit)
        assert check_links_served(visit, base) > 10
        check_hangul(visit)
        check_quiet(visit)
        assert not visit.external, f"index.html asks the network for {visit.external}"
    errors = [(p, code) for p, code in httpd.statuses if code >= 400]
    assert not errors, f"the server answered with errors: {errors}"


def test_index_fits_a_phone(browser, site):
    with Visit(browser, (site / "index.html").as_uri(), PHONE) as visit:
        check_images(visit)
        found = visit.page.evaluate(_OVERFLOW)
        assert found["scrollWidth"] <= found["clientWidth"] + 1, (
            f"index.html is {found['scrollWidth']}px wide in a {found['clientWidth']}px viewport; "
            f"too wide: {found['offenders']}"
        )
        assert found["bodyScrollWidth"] <= found["clientWidth"] + 1, found
        # Wide tables scroll inside their own box instead of widening the page.
        for wrap in found["wraps"]:
            assert wrap["boxWidth"] <= found["clientWidth"], wrap
        check_hangul(visit)
        screenshot(visit, "index_narrow.png")


@pytest.mark.parametrize("which", [0, 1], ids=["first_project", "last_project"])
def test_project_page(browser, site, server, project_pages, which):
    name = project_pages[which]
    base, _ = server
    with Visit(browser, (site / name).as_uri(), DESKTOP) as visit:
        images = check_images(visit)
        assert images, f"{name} shows no figure"
        check_links_on_disk(visit, site)
        found = check_hangul(visit)
        check_quiet(visit)
        # Self-contained: no script or style from a CDN (nbconvert's default template
        # loads require.js and MathJax; batch.py's page template drops them).
        assert not visit.external, f"{name} asks the network for {visit.external}"
        screenshot(visit, name.replace(".html", ".png"))
    with Visit(browser, base + name, DESKTOP, local_origin=base) as visit:
        check_images(visit)
        check_links_served(visit, base)
        assert not visit.bad_responses, visit.bad_responses
        assert not visit.external, f"{name} asks the network for {visit.external}"
    assert found["family"], f"{name}: no font family"
