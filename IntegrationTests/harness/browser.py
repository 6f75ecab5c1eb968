"""A real browser for the tests: headless Chromium (Debian's `chromium`) driven by playwright-core (npm, pinned in
IntegrationTests/browser/package-lock.json, installed into IntegrationTests/browser/node_modules by
Resources/Scripts/install-dependencies.sh --tests).

Tests run small Node scripts (ES modules in IntegrationTests/browser/, built on its lib.mjs): parameters go to the
script as JSON on stdin, its result comes back as JSON on stdout. One script launches one browser and closes it.

    result = run_browser_script("visit.mjs", {"orthanc": orthanc_login(orthanc), "url": ...},
                                screenshot_dir=tmp_path / "screenshots")

The `browser` fixture (conftest.py) checks that everything is installed and binds the screenshot directory to the
test's temporary directory: `browser.run("visit.mjs", {...})`.
"""

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

from .paths import REPO_ROOT

BROWSER_DIR = REPO_ROOT / "IntegrationTests" / "browser"
CHROMIUM = os.environ.get("RATATOSKR_CHROMIUM", "/usr/bin/chromium")
INSTALL_HINT = "bash Resources/Scripts/install-dependencies.sh --tests"
DEFAULT_TIMEOUT = 60  # seconds for one script, browser start and stop included


class BrowserScriptError(AssertionError):
    """A browser script failed, printed no JSON, or did not finish in time. `.pid`: the script's process id (also
    its process group's, which its browser shares)."""

    def __init__(self, message, pid=None):
        super().__init__(message)
        self.pid = pid


def _installed_lock_matches():
    """npm writes node_modules/.package-lock.json; it lists the same packages as package-lock.json once
    `npm ci` has installed that lock."""
    try:
        wanted = json.loads((BROWSER_DIR / "package-lock.json").read_text())["packages"]
        installed = json.loads((BROWSER_DIR / "node_modules" / ".package-lock.json").read_text())["packages"]
    except (OSError, ValueError, KeyError):
        return False
    return all(installed.get(name, {}).get("version") == entry.get("version")
               for name, entry in wanted.items() if name)


def browser_problem():
    """Why browser tests cannot run here (None when they can)."""
    if shutil.which("node") is None:
        return f"node is not installed ({INSTALL_HINT})"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (Debian package chromium; {INSTALL_HINT})"
    if not _installed_lock_matches():
        return (f"playwright-core is not installed as pinned in {BROWSER_DIR / 'package-lock.json'} "
                f"({INSTALL_HINT})")
    return None


def orthanc_login(orthanc):
    """The parameters by which a script reaches `orthanc` as its admin: {url, username, password}."""
    return {"url": orthanc.url, "username": orthanc.username, "password": orthanc.password}


def _tail(text, lines=60):
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _kill_leftovers(group):
    """A browser left behind by a script that died without closing it (its process group is the script's)."""
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_browser_script(name, params=None, timeout=DEFAULT_TIMEOUT, screenshot_dir=None):
    """Run IntegrationTests/browser/<name> (or the script at an absolute path) with `params` and return its JSON
    result (a dict). With `screenshot_dir` the script saves its screenshots there (and one of each open page when it fails). Raises BrowserScriptError,
    with the script's stderr, when it exits non-zero, prints no JSON, or runs longer than `timeout` seconds (the
    script, its browser included, is then killed)."""
    script = BROWSER_DIR / name  # an absolute `name` stays as it is (a script written by a test)
    if not script.is_file():
        raise BrowserScriptError(f"no browser script {script}")
    payload = dict(params or {})
    if screenshot_dir is not None:
        payload["screenshotDir"] = str(screenshot_dir)  # made by the first screenshot
    # Own process group (killed whole on a timeout: node and its Chromium); SIGTERM to node if pytest dies.
    process = subprocess.Popen(["setpriv", "--pdeathsig", "TERM", "--", shutil.which("node"), str(script)],
                               cwd=BROWSER_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True,
                               env=dict(os.environ, RATATOSKR_CHROMIUM=CHROMIUM))
    try:
        stdout, stderr = process.communicate(json.dumps(payload).encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        raise BrowserScriptError(f"browser script {name} did not finish within {timeout} s; its stderr:\n"
                                 f"{_tail(stderr.decode(errors='replace'))}", process.pid) from None
    _kill_leftovers(process.pid)
    errors = stderr.decode(errors="replace")
    if process.returncode != 0:
        raise BrowserScriptError(f"browser script {name} failed (exit code {process.returncode}):\n{_tail(errors)}",
                                 process.pid)
    try:
        return json.loads(stdout)
    except ValueError:
        raise BrowserScriptError(f"browser script {name} printed no JSON result: {stdout[:500]!r}\n"
                                 f"stderr:\n{_tail(errors)}", process.pid) from None


class Browser:
    """run_browser_script with the screenshots of one test in `screenshot_dir` (the `browser` fixture)."""

    def __init__(self, screenshot_dir):
        self.screenshot_dir = Path(screenshot_dir)

    def run(self, name, params=None, timeout=DEFAULT_TIMEOUT):
        return run_browser_script(name, params, timeout=timeout, screenshot_dir=self.screenshot_dir)

    def screenshots(self):
        return sorted(self.screenshot_dir.glob("*.png")) if self.screenshot_dir.is_dir() else []
