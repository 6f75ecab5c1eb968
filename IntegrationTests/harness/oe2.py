"""Orthanc Explorer 2's CustomButtons (Resources/OE2/CustomButtons.json) as OE2 sends them. OE2 needs Orthanc >= 1.11,
so the tests replay its requests over HTTP (the contract is in shared/orthanc-1.10-notes.md)."""

import json
from urllib.parse import urljoin

from .paths import REPO_ROOT

CUSTOM_BUTTONS = REPO_ROOT / "Resources" / "OE2" / "CustomButtons.json"
OE2_APP_PATH = "/ui/app/"


def oe2_buttons():
    """{"study": [...], "bulk-studies": [...]} of the snippet."""
    return json.loads(CUSTOM_BUTTONS.read_text())["OrthancExplorer2"]["UiOptions"]["CustomButtons"]


def oe2_request(orthanc, button, replacements, as_browser=True, timeout=30):
    """What OE2 sends for a POST button: Url and Payload templated (first occurrence of each placeholder), the Url
    resolved against /ui/app/, the Payload as JSON. With `as_browser`, the headers the browser adds to that POST
    from OE2's page: Origin (Orthanc's own) and Referer (/ui/app/). Returns the requests.Response."""
    url = button["Url"]
    payload = json.dumps(button["Payload"])
    for key, value in replacements.items():
        url = url.replace("{" + key + "}", value, 1)
        payload = payload.replace("{" + key + "}", value, 1)
    page = orthanc.url_for(OE2_APP_PATH)
    headers = {"Content-Type": "application/json"}
    if as_browser:
        headers.update({"Origin": orthanc.url, "Referer": page})
    return orthanc.api.post(urljoin(page, url), data=payload, headers=headers, timeout=timeout)
