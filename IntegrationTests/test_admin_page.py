"""The admin page embedded from WebApp/: served behind Orthanc's authentication, fed by routes that give it every
field it shows, and, in headless Chromium, its deliveries, webhooks and outbox with their buttons.

Besides the standard destination "pacscenter", this module's Orthanc has two that fail: "flaky" (PACScenter with a
wrong password, one attempt: a delivery to it fails at once; the tests fix the password through the DICOMweb
plugin's /dicom-web/servers route before retrying) and "offline" (a closed port, an hour between attempts: a
delivery to it waits for its second attempt). Webhook "django" gives up after two attempts."""

import json
import re

import pytest

from harness import WEBHOOK_PATH, free_port, wait_until
from harness.browser import orthanc_login
from harness.dicom import make_study
from harness.webhooks import WEBHOOK_FAILURE_LOG

CLOSED_PORT = free_port()  # nothing listens there
FLAKY = "flaky"
OFFLINE = "offline"
# What Orthanc and its DICOMweb plugin log when the failing destinations fail.
DESTINATION_ERRORS = (r"Bad credentials", r"received HTTP status 401", r"network protocol", r"libcurl", r"Couldn't connect",
                      r"Exception while invoking plugin service", r"Error in a job", r"Exception inside the plugin")


@pytest.fixture(scope="module")
def orthanc_overrides(pacscenter):
    return {
        "DicomWeb": {"Servers": {FLAKY: pacscenter.dicomweb_server_entry(Password="wrong-password"),
                                 OFFLINE: {"Url": f"http://127.0.0.1:{CLOSED_PORT}/dicom-web/"}}},
        "Ratatoskr": {
            "Destinations": {FLAKY: {"Webhooks": ["django"], "Attempts": 1},
                             OFFLINE: {"Webhooks": ["django"], "Attempts": 5, "RetryDelay": 3600}},
            "Webhooks": {"django": {"RetrySchedule": [0, 0.2]}},
        },
    }


def set_flaky_password(orthanc, pacscenter, password):
    orthanc.put(f"/dicom-web/servers/{FLAKY}", json=pacscenter.dicomweb_server_entry(Password=password))


def send(orthanc, destination, instances, seed):
    """A new study of `instances` instances, anonymized and sent; the answer of the synchronous /send."""
    study = orthanc.upload_study(make_study(instances, seed=seed))[0]["ParentStudy"]
    return orthanc.post(f"/ratatoskr/studies/{study}/send",
                        json={"Profile": "basic", "Destination": destination, "Synchronous": True})


def row(result, table, row_id):
    rows = [r for r in result["tables"][table] if r["id"] == row_id]
    assert len(rows) == 1, (table, row_id, result["tables"][table])
    return rows[0]


def cells(result, table, row_id, headers):
    """The row's cell texts by column header."""
    return dict(zip(headers, row(result, table, row_id)["cells"]))


DELIVERY_COLUMNS = ["Created", "State", "Study", "Destination", "Attempts", "Instances", "Next attempt", "Last error",
                    "Actions"]
OUTBOX_COLUMNS = ["Created", "Event", "Webhook", "State", "Attempts", "Next attempt", "Last answer", "Actions"]
WEBHOOK_COLUMNS = ["Webhook", "URL", "Events", "State", "Actions"]


def assert_posted(orthanc, step, path):
    """A button's POST: to `path`, an empty JSON object sent as JSON from Orthanc's own origin, accepted."""
    request = step["request"]
    assert request["url"] == orthanc.url_for(path), request
    assert request["status"] == 200, request
    assert request["headers"]["content-type"] == "application/json" and request["body"] == "{}"
    assert request["headers"]["origin"] == orthanc.url
    return json.loads(request["answer"])


def assert_page_clean(result):
    assert not result["browser"]["pageErrors"], result["browser"]["pageErrors"]
    assert not result["browser"]["dialogs"], result["browser"]["dialogs"]
    assert not [n for n in result["notices"] if n["error"]], result["notices"]
    errors = [m for m in result["browser"]["console"] if m["type"] == "error"]
    assert not errors, errors


def test_admin_page_is_served_and_its_data_is_there(orthanc):
    page = orthanc.request("GET", "/ratatoskr/app/admin.html")
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<title>Ratatoskr" in page.text
    redirect = orthanc.request("GET", "/ratatoskr/app/", allow_redirects=False, expected=(301, 302, 303, 307))
    assert redirect.headers["Location"].endswith("/ratatoskr/app/admin.html")
    assert orthanc.get("/ratatoskr/app/nothing.html", expected=404)["HttpStatus"] == 404
    assert orthanc.request("GET", "/ratatoskr/app/admin.html", expected=401,
                           session=orthanc.anonymous).status_code == 401
    # Self-contained: Orthanc serves only what the plugin embeds (the Invites section's script is one of them).
    assert re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](?!#)([^"']*)""", page.text) == ["admin-invites.js"]
    script = orthanc.request("GET", "/ratatoskr/app/admin-invites.js")
    assert script.headers["Content-Type"].startswith("text/javascript") and "addSection(" in script.text

    # Every field the page reads exists in the routes' answers (variables named after what they hold).
    def used(name):
        return set(re.findall(rf"\b{name}\.([A-Z][A-Za-z]+)", page.text))

    study = orthanc.upload_study(make_study(1, seed=5151))[0]["ParentStudy"]
    orthanc.post(f"/ratatoskr/studies/{study}/anonymize", json={"Profile": "basic", "Synchronous": True})
    job = next(j for j in orthanc.get("/ratatoskr/jobs") if j["SourceStudy"] == study)
    assert used("job") - {"Error", "FailedStep", "DeliveryId", "Destination"} <= set(job), used("job") - set(job)
    sent = send(orthanc, "pacscenter", 1, seed=5152)
    assert {"DeliveryId", "Destination"} <= set(sent)
    system = orthanc.get("/ratatoskr/system")
    assert used("system") <= set(system)

    summary = next(d for d in orthanc.get("/ratatoskr/deliveries") if d["ID"] == sent["DeliveryId"])
    assert used("delivery") <= set(summary), used("delivery") - set(summary)
    detail = orthanc.get(f"/ratatoskr/deliveries/{sent['DeliveryId']}")
    assert used("detail") <= set(detail), used("detail") - set(detail)
    assert used("batch") <= set(detail["Batches"][0]) and used("instance") <= set(detail["Instances"][0])
    webhooks = orthanc.get("/ratatoskr/webhooks")
    assert used("webhook") <= set(webhooks[0])
    ping = orthanc.post("/ratatoskr/webhooks/django/test", json={})
    assert used("entry") - {"Payload"} <= set(ping), used("entry") - set(ping)
    wait_until(lambda: orthanc.get(f"/ratatoskr/webhooks/deliveries/{ping['ID']}")["State"] == "Delivered", 20,
               description="the ping sent")
    assert used("entry") <= set(orthanc.get(f"/ratatoskr/webhooks/deliveries/{ping['ID']}"))
    # What the notices read from the POST answers.
    assert used("answer") <= {"State", "Attempts", "Webhook", "ID", "Released"}


@pytest.mark.allow_orthanc_errors(*DESTINATION_ERRORS)
def test_deliveries_delivered_failed_retried_and_canceled(orthanc, pacscenter, django, browser):
    set_flaky_password(orthanc, pacscenter, "wrong-password")
    delivered = send(orthanc, "pacscenter", 3, seed=6001)
    failed = send(orthanc, FLAKY, 2, seed=6002)
    pending = send(orthanc, OFFLINE, 2, seed=6003)
    assert delivered["Delivery"]["State"] == "Delivered" and failed["Delivery"]["State"] == "Failed"
    assert pending["Delivery"]["State"] == "Pending" and pending["Delivery"]["NextAttemptTime"]
    ok_id, failed_id, pending_id = (x["DeliveryId"] for x in (delivered, failed, pending))
    wait_until(lambda: {e["State"] for e in orthanc.get("/ratatoskr/webhooks/deliveries")
                        if e["OrderingKey"] in (ok_id, failed_id)} == {"Delivered"}, 20,
               description="both case events sent")

    # Tablet width: the failed delivery's details stay open across the page's own refreshes.
    tablet = browser.run("admin-sections.mjs", {"orthanc": orthanc_login(orthanc), "width": 800, "height": 1000,
                                                "steps": [{"open": {"table": "deliveries", "id": failed_id}},
                                                          {"screenshot": "deliveries-800"},
                                                          {"screenshot": "deliveries-800-section",
                                                           "section": "deliveries-section"},
                                                          {"screenshot": "jobs-800-section",
                                                           "section": "jobs-section"},
                                                          {"timerRefresh": True}, {"timerRefresh": True}]})
    shown = cells(tablet, "deliveries", ok_id, DELIVERY_COLUMNS)
    assert shown["State"] == "Delivered" and shown["Destination"] == "pacscenter"
    assert shown["Instances"] == "3 of 3 confirmed" and shown["Attempts"] == "1" and shown["Last error"] == ""
    assert shown["Study"] == delivered["ResultStudy"][:8]
    assert delivered["ResultStudy"] in row(tablet, "deliveries", ok_id)["links"]
    shown = cells(tablet, "deliveries", failed_id, DELIVERY_COLUMNS)
    assert shown["State"] == "Failed" and shown["Instances"] == "0 of 2 confirmed" and shown["Next attempt"] == "—"
    assert shown["Last error"].startswith("Bad credentials were provided to an HTTP request")
    assert "check Username and Password of its server in DicomWeb.Servers" in shown["Last error"]
    assert [b["text"] for b in row(tablet, "deliveries", failed_id)["buttons"]] == ["Hide details", "Retry"]
    assert row(tablet, "deliveries", failed_id)["buttons"][0]["expanded"] == "true"
    shown = cells(tablet, "deliveries", pending_id, DELIVERY_COLUMNS)
    assert shown["State"] == "Waiting to retry" and shown["Next attempt"].startswith("in ")
    assert "could not be reached" in shown["Last error"]
    assert [b["text"] for b in row(tablet, "deliveries", pending_id)["buttons"]] == ["Details", "Cancel"]
    assert [b["label"] for b in row(tablet, "deliveries", pending_id)["buttons"]] == [
        f"Details of delivery {pending_id} to {OFFLINE}", f"Cancel delivery {pending_id} to {OFFLINE}"]
    # The detail view, still there after two refreshes: its batch and why it failed, and the instances.
    detail = tablet["details"][f"deliveries:{failed_id}"]
    assert failed_id in detail["text"] and failed["Delivery"]["StudyInstanceUID"] in detail["text"]
    assert "0 of 2 confirmed on the destination; not confirmed yet:" in detail["text"]
    [batch] = detail["batches"][:1]
    assert batch[:3] == ["1", "Failed", "2"] and batch[4].startswith("Bad credentials were provided")
    assert "The destination could not be checked" in detail["text"]
    assert_page_clean(tablet)

    # Laptop width: fix the password, then Retry (Failed -> Delivered) and Cancel (Pending -> Canceled).
    set_flaky_password(orthanc, pacscenter, pacscenter.password)
    laptop = browser.run("admin-sections.mjs", {"orthanc": orthanc_login(orthanc), "steps": [
        {"screenshot": "deliveries-1280"},
        {"screenshot": "deliveries-1280-section", "section": "deliveries-section"},
        {"click": {"table": "deliveries", "id": pending_id, "button": "Cancel"}, "then": "Canceled"},
        {"click": {"table": "deliveries", "id": failed_id, "button": "Retry"}, "then": "Delivered",
         "keyboard": True},
        {"screenshot": "deliveries-1280-after"}]})
    cancel, retry = laptop["steps"]
    assert assert_posted(orthanc, cancel, f"/ratatoskr/deliveries/{pending_id}/cancel")["State"] == "Canceled"
    assert assert_posted(orthanc, retry, f"/ratatoskr/deliveries/{failed_id}/retry")["State"] in (
        "Pending", "Sending", "Verifying", "Delivered")
    assert laptop["notices"][0]["text"] == f"Delivery {pending_id[:12]}… canceled."
    assert laptop["notices"][1]["text"].startswith(f"Delivery {failed_id[:12]}… will be sent again")
    # The keyboard's focus stays in the row whose button went away.
    assert retry["focused"] == f"delivery:{failed_id}:details"
    assert orthanc.get(f"/ratatoskr/deliveries/{failed_id}")["State"] == "Delivered"
    assert orthanc.get(f"/ratatoskr/deliveries/{pending_id}")["State"] == "Canceled"
    shown = cells(laptop, "deliveries", failed_id, DELIVERY_COLUMNS)
    assert shown["State"] == "Delivered" and shown["Instances"] == "2 of 2 confirmed" and shown["Last error"] == ""
    shown = cells(laptop, "deliveries", pending_id, DELIVERY_COLUMNS)
    assert shown["State"] == "Canceled" and shown["Last error"] == "Canceled by an admin"
    assert [b["text"] for b in row(laptop, "deliveries", pending_id)["buttons"]] == ["Details", "Retry"]
    assert len(laptop["tables"]["deliveries"]) == len(orthanc.get("/ratatoskr/deliveries?limit=100"))

    # The outbox: the events of these cases, each linked to its delivery.
    wait_until(lambda: [e["State"] for e in orthanc.get("/ratatoskr/webhooks/deliveries")
                        if e["OrderingKey"] == failed_id] == ["Delivered", "Delivered"], 20,
               description="the retried case's case.delivered sent")
    final = browser.run("admin-sections.mjs", {"orthanc": orthanc_login(orthanc), "finalScreenshot": "outbox-1280"})
    events = {}
    for entry in final["tables"]["outbox"]:
        shown = dict(zip(OUTBOX_COLUMNS, entry["cells"]))
        for link in entry["links"]:
            events.setdefault(link, []).append((shown["Event"].splitlines()[0], shown["State"], shown["Last answer"]))
    assert events[ok_id] == [("case.delivered", "Delivered", "HTTP 200 OK")]
    assert events[failed_id] == [("case.delivered", "Delivered", "HTTP 200 OK"),
                                 ("case.delivery_failed", "Delivered", "HTTP 200 OK")]
    assert pending_id not in events  # a canceled delivery tells no one
    assert_page_clean(final)

    # A refused request (a page older than the delivery's state) is said in words, in the page, not in a dialog.
    refused = browser.run("admin-sections.mjs", {"orthanc": orthanc_login(orthanc), "steps": [
        {"call": {"kind": "delivery", "id": ok_id, "action": "cancel"}}, {"screenshot": "refused-1280"}]})
    assert refused["notices"] == [{"error": True, "text": f"Could not cancel delivery {ok_id[:12]}…: Delivery {ok_id} is "
                                                          "Delivered: nothing to cancel (HTTP 409 Conflict)"}]
    assert [r["status"] for r in refused["requests"]] == [409] and not refused["browser"]["dialogs"]
    assert orthanc.get(f"/ratatoskr/deliveries/{ok_id}")["State"] == "Delivered"


@pytest.mark.allow_orthanc_errors(*WEBHOOK_FAILURE_LOG)
def test_webhooks_ping_disable_enable_and_retry(orthanc, django, browser):
    login = orthanc_login(orthanc)

    def received(event_id, count):
        """The `count` requests the receiver got for event `event_id` (once they all arrived)."""
        def of_event():
            return [r for r in django.requests_to(WEBHOOK_PATH) if r.headers.get("webhook-id") == event_id]
        wait_until(lambda: len(of_event()) >= count, 20, description=f"{count} request(s) for {event_id}")
        return of_event()

    def ping_ids():
        return [e["ID"] for e in orthanc.get("/ratatoskr/webhooks/deliveries") if e["Event"] == "ping"]

    # "Send a test ping": the receiver gets it, signed, and the outbox shows it delivered.
    before = ping_ids()
    first = browser.run("admin-sections.mjs", {"orthanc": login, "steps": [
        {"click": {"table": "webhooks", "id": "django", "button": "Send a test ping"}}]})
    answer = assert_posted(orthanc, first["steps"][0], "/ratatoskr/webhooks/django/test")
    assert answer["Event"] == "ping" and answer["ID"] not in before
    assert first["notices"][0]["text"] == (f"Test ping {answer['ID'][:12]}… queued for django: "
                                           "it shows in the outbox below.")
    [got] = received(answer["ID"], 1)
    assert got.json()["type"] == "ping" and got.json()["data"] == {"Webhook": "django"}
    shown = cells(first, "webhooks", "django", WEBHOOK_COLUMNS)
    assert shown["State"] == "Active" and shown["URL"] == django.url_for(WEBHOOK_PATH)
    assert [b["text"] for b in row(first, "webhooks", "django")["buttons"]] == ["Send a test ping"]

    # A 410 disables the webhook: shown as disabled, the ping held; Enable (from the keyboard) sends it again.
    django.respond(WEBHOOK_PATH, status=410, body="gone", times=1)
    second = browser.run("admin-sections.mjs", {"orthanc": login, "steps": [
        {"click": {"table": "webhooks", "id": "django", "button": "Send a test ping"}, "then": "Disabled"},
        {"screenshot": "webhooks-disabled-1280"},
        {"screenshot": "webhooks-disabled-1280-section", "section": "webhooks-section"}]})
    gone = assert_posted(orthanc, second["steps"][0], "/ratatoskr/webhooks/django/test")["ID"]
    received(gone, 1)
    shown = cells(second, "webhooks", "django", WEBHOOK_COLUMNS)
    assert shown["State"].startswith("Disabled") and "410 Gone" in shown["State"]
    assert [b["text"] for b in row(second, "webhooks", "django")["buttons"]] == ["Enable", "Send a test ping"]
    held = cells(second, "outbox", gone, OUTBOX_COLUMNS)
    assert held["Event"] == "ping" and held["State"] == "Held" and held["Attempts"] == "1"
    assert held["Last answer"].startswith("HTTP 410 Gone: gone (Gone: the webhook is disabled")
    assert [b["text"] for b in row(second, "outbox", gone)["buttons"]] == ["Details", "Retry"]
    assert orthanc.get("/ratatoskr/webhooks")[0]["Disabled"] is True

    narrow = browser.run("admin-sections.mjs", {"orthanc": login, "width": 800, "height": 1000, "steps": [
        {"open": {"table": "outbox", "id": gone}},
        {"screenshot": "webhooks-disabled-800"}, {"snapshot": "disabled"},
        {"screenshot": "webhooks-disabled-800-section", "section": "webhooks-section"},
        {"click": {"table": "outbox", "id": gone, "button": "Retry"}, "then": "Disabled"},
        {"click": {"table": "webhooks", "id": "django", "button": "Enable"}, "then": "Enabled", "keyboard": True},
        {"until": {"table": "outbox", "id": gone, "state": "Delivered"}}]})
    # Retry while the webhook is disabled: the event stays held, and the page says so.
    assert assert_posted(orthanc, narrow["steps"][0], f"/ratatoskr/webhooks/deliveries/{gone}/retry")["State"] == \
        "Disabled"
    assert narrow["notices"][0]["text"] == (f"Event {gone[:12]}… stays held: webhook django is disabled; "
                                            "enable it to send its held events.")
    enabled = assert_posted(orthanc, narrow["steps"][1], "/ratatoskr/webhooks/django/enable")
    assert enabled == {"Webhook": "django", "Released": 1, "Disabled": False}
    assert narrow["notices"][1]["text"] == "Webhook django enabled again; 1 held event released."
    assert narrow["steps"][1]["focused"] == "webhook:django:test"  # Enable went away; its neighbour has the focus
    # The event's detail view: its ID, payload and the 410; kept open, it then shows the delivered attempt.
    detail = narrow["snapshots"]["disabled"]["details"][f"outbox:{gone}"]["text"]
    assert gone in detail and '"type": "ping"' in detail and "Last HTTP status\nHTTP 410 Gone" in detail
    assert "the webhook is disabled until an admin enables it again" in detail
    detail = narrow["details"][f"outbox:{gone}"]["text"]
    assert gone in detail and "Last HTTP status\nHTTP 200 OK" in detail and "410" not in detail
    assert len(received(gone, 2)) == 2  # the 410, then the released attempt
    assert orthanc.get("/ratatoskr/webhooks")[0]["Disabled"] is False

    # An event that failed its two attempts: Failed, with the receiver's answer; Retry delivers it.
    django.respond(WEBHOOK_PATH, status=500, body="database is down", times=2)
    failed = orthanc.post("/ratatoskr/webhooks/django/test", json={})["ID"]
    wait_until(lambda: orthanc.get(f"/ratatoskr/webhooks/deliveries/{failed}")["State"] == "Failed", 20,
               description="the ping failed")
    last = browser.run("admin-sections.mjs", {"orthanc": login, "steps": [
        {"screenshot": "outbox-failed-1280"},
        {"click": {"table": "outbox", "id": failed, "button": "Retry"}, "then": "Delivered"}]})
    assert assert_posted(orthanc, last["steps"][0], f"/ratatoskr/webhooks/deliveries/{failed}/retry")["ID"] == failed
    assert last["notices"][0]["text"] == f"Event {failed[:12]}… queued again for django."
    shown = cells(last, "outbox", failed, OUTBOX_COLUMNS)
    assert shown["State"] == "Delivered" and shown["Last answer"] == "HTTP 200 OK"
    assert len(received(failed, 3)) == 3  # two 500s, then the retry
    for result in (first, second, narrow, last):
        assert_page_clean(result)


def test_empty_lists_say_so(make_orthanc, browser):
    """A fresh Orthanc without destination or webhook: each list says in a sentence why it is empty."""
    bare = make_orthanc("bare")
    result = browser.run("admin-sections.mjs", {"orthanc": orthanc_login(bare), "finalScreenshot": "empty-1280"})
    assert result["empty"]["deliveries"].startswith("No delivery yet: a delivery appears here once a job sends")
    assert result["empty"]["webhooks"].startswith("No webhook is configured")
    assert result["empty"]["outbox"].startswith("No webhook event yet")
    assert result["empty"]["jobs"].startswith("No job yet")
    assert "destinations: none" in result["system"]
    assert_page_clean(result)
