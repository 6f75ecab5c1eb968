"""The engine compiled to WebAssembly is embedded into the plugin and served with it (issue 11): behind Orthanc's
authentication, with the content types browsers require (application/wasm for WebAssembly.instantiateStreaming, a
JavaScript type for ES modules), revalidated on every use and answered 304 while unchanged.

Needs a plugin built with the engine (Resources/Scripts/build.sh does; RATATOSKR_WITHOUT_WASM=1 builds one without)."""

import os
from pathlib import Path

import pytest

from harness.paths import REPO_ROOT

ENGINE_FILES = {
    "ratatoskr-engine-core.wasm": "application/wasm",
    "ratatoskr-engine-core.mjs": "text/javascript",
    "ratatoskr-engine.mjs": "text/javascript",
    "ratatoskr-engine-worker.mjs": "text/javascript",
    "ratatoskr-engine-client.mjs": "text/javascript",
}


def built(name):
    return Path(os.environ.get("RATATOSKR_BUILD_DIR", str(REPO_ROOT / "build"))) / "wasm" / name


@pytest.mark.parametrize("name, mime_type", sorted(ENGINE_FILES.items()))
def test_the_engine_is_served_with_its_content_type_and_a_validator(orthanc, name, mime_type):
    answer = orthanc.request("GET", f"/ratatoskr/app/{name}")
    assert answer.headers["Content-Type"].startswith(mime_type)
    assert answer.content == built(name).read_bytes()
    assert answer.headers["Cache-Control"] == "no-cache"
    tag = answer.headers["ETag"]
    again = orthanc.request("GET", f"/ratatoskr/app/{name}", expected=304, headers={"If-None-Match": tag})
    assert again.content == b""
    other = orthanc.request("GET", f"/ratatoskr/app/{name}", headers={"If-None-Match": '"0123456789abcdef"'})
    assert other.content == answer.content
    assert orthanc.request("GET", f"/ratatoskr/app/{name}", expected=401, session=orthanc.anonymous).status_code == 401


def test_the_admin_page_is_revalidated_too(orthanc):
    page = orthanc.request("GET", "/ratatoskr/app/admin.html")
    assert page.headers["Cache-Control"] == "no-cache" and page.headers["ETag"].startswith('"')
