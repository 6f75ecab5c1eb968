"""The browser harness itself (harness.browser, browser/lib.mjs, harness.pages): parameters in, JSON out, failures
reported with the script's stderr and a screenshot, a script past its timeout killed with its browser."""

import json
import os
import time

import pytest

from harness.browser import BROWSER_DIR, BrowserScriptError
from harness.pages import PageServer


def _script(tmp_path, body):
    path = tmp_path / "script.mjs"
    path.write_text(f"import {{ runBrowserScript }} from {json.dumps(str(BROWSER_DIR / 'lib.mjs'))};\n"
                    f"runBrowserScript(async (session) => {{\n{body}\n}});\n")
    return str(path)


def test_parameters_in_result_out_and_a_real_page(browser, tmp_path):
    with PageServer() as site:
        url = site.add("/hello.html", "<!DOCTYPE html><title>Hello</title><p id=p>from the site</p>"
                                      "<script>console.log('logged by the page'); alert('hi there')</script>")
        result = browser.run(_script(tmp_path, """
            console.log('this goes to stderr, not into the result');
            const page = await session.newPage(await session.newContext());
            await page.goto(session.params.url);
            await session.screenshot(page, 'hello');
            return { echo: session.params.echo, title: await page.title(), text: await page.innerText('#p') };
        """), {"url": url, "echo": {"nested": [1, "two"]}})
    assert ("GET", "/hello.html") in site.requests
    assert result["echo"] == {"nested": [1, "two"]}
    assert result["title"] == "Hello" and result["text"] == "from the site"
    assert result["browser"]["version"].split(".")[0].isdigit()
    assert {"type": "log", "text": "logged by the page", "url": url} in result["browser"]["console"]
    assert result["browser"]["dialogs"] == [{"type": "alert", "message": "hi there", "url": url}]
    assert [p.name for p in browser.screenshots()] == ["hello.png"]
    assert browser.screenshots()[0].read_bytes().startswith(b"\x89PNG")


def test_a_failing_script_fails_with_its_stderr_and_a_screenshot(browser, tmp_path):
    with pytest.raises(BrowserScriptError) as failure:
        browser.run(_script(tmp_path, """
            const page = await session.newPage(await session.newContext());
            await page.setContent('<p>before the error</p>');
            throw new Error('the script broke here');
        """))
    message = str(failure.value)
    assert "failed (exit code 1)" in message and "Error: the script broke here" in message
    assert "failure-0.png" in message
    assert [p.name for p in browser.screenshots()] == ["failure-0.png"]


def test_a_script_past_its_timeout_is_killed_with_its_browser(browser, tmp_path):
    with pytest.raises(BrowserScriptError, match="did not finish within 4 s") as failure:
        browser.run(_script(tmp_path, """
            await session.newPage(await session.newContext());
            await new Promise(() => {});  // never ends
        """), timeout=4)
    group = failure.value.pid  # the script runs in a process group of its own, its Chromium too
    deadline = time.monotonic() + 10
    while True:
        try:
            os.killpg(group, 0)  # signal 0: only asks whether any process of the group is left
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "processes of the killed script are still running"
        time.sleep(0.1)
