"""Anonymization jobs on the real Orthanc: REST routes, the job lifecycle, the audit, and patient-data hygiene."""

import json
import time
from datetime import date, timedelta
from urllib.parse import urljoin

import pytest

from harness import RATATOSKR_SECRET, wait_until
from harness.browser import orthanc_login
from harness.dicom import make_study, read_dicom, to_part10
from markers import ROOT, make_marker_study, surviving_markers

PATIENT_NAME = "Phi^Sensitive"
PATIENT_ID = "PHI-ID-73519"
JOB_TYPE = "RatatoskrAnonymization"


@pytest.fixture(scope="module")
def orthanc_overrides():
    return {"Ratatoskr": {"ConcurrentInstances": 2}}


def upload(orthanc, n=3, **kwargs):
    kwargs.setdefault("patient_name", PATIENT_NAME)
    kwargs.setdefault("patient_id", PATIENT_ID)
    answers = orthanc.upload_study(make_study(n, **kwargs))
    studies = {a["ParentStudy"] for a in answers}
    assert len(studies) == 1
    return studies.pop()


def start(orthanc, study, body=None, route="anonymize", expected=200):
    return orthanc.post(f"/ratatoskr/studies/{study}/{route}", json=body or {}, expected=expected)


def instance_files(orthanc, study):
    return [orthanc.request("GET", f"/instances/{i['ID']}/file").content
            for i in orthanc.get(f"/studies/{study}/instances")]


def assert_no_patient_data(text):
    for value in (PATIENT_NAME, "Phi", "Sensitive", PATIENT_ID, RATATOSKR_SECRET):
        assert value not in text, f"{value!r} leaked"


def test_anonymize_asynchronous_job_end_to_end(orthanc):
    study = upload(orthanc, 4, seed=101, private_tags=True)
    source_uid = orthanc.get(f"/studies/{study}")["MainDicomTags"]["StudyInstanceUID"]

    answer = start(orthanc, study, {"Profile": "basic"})
    assert set(answer) >= {"ID", "Path", "AuditPath"}
    assert answer["Path"] == f"/jobs/{answer['ID']}"
    job = orthanc.wait_job(answer["ID"], expected_state="Success")
    assert job["Type"] == JOB_TYPE
    assert job["Progress"] == 100
    content = job["Content"]
    assert content["Step"] == "Done"
    assert content["InstancesTotal"] == 4 and content["InstancesDone"] == 4 and content["InstancesCreated"] == 4
    assert content["LeakCheck"] == "Passed"
    result = content["ResultStudy"]
    assert result and result != study

    result_study = orthanc.get(f"/studies/{result}")
    assert result_study["MainDicomTags"]["StudyInstanceUID"] != source_uid
    assert result_study["MainDicomTags"]["StudyInstanceUID"].startswith("2.25.")
    for data in instance_files(orthanc, result):
        ds = read_dicom(data)
        assert str(ds.PatientName) != PATIENT_NAME
        assert ds.PatientIdentityRemoved == "YES"
        assert ds.DeidentificationMethod.startswith("Ratatoskr")
        assert PATIENT_NAME.encode() not in data and PATIENT_ID.encode() not in data
        assert b"private value" not in data

    # Source and result are linked both ways.
    assert orthanc.request("GET", f"/studies/{result}/metadata/4401").text == f"Study/{study}"
    assert orthanc.request("GET", f"/studies/{result}/metadata/4402").text == answer["ID"]
    assert orthanc.request("GET", f"/studies/{result}/metadata/4403").text.startswith("basic v")
    assert orthanc.request("GET", f"/studies/{study}/metadata/4404").text == result

    audit = orthanc.get(f"/ratatoskr/jobs/{answer['ID']}")
    assert audit["State"] == "Success"
    assert audit["Type"] == "Anonymize"
    assert audit["Profile"] == "basic" and audit["ProfileVersion"] and audit["ProfileHash"]
    assert audit["SourceStudy"] == study and audit["ResultStudy"] == result
    assert audit["InstancesDone"] == 4 and audit["LeakCheck"] == "Passed"
    assert audit["Origin"] == "REST (user admin)"
    assert "Anonymizing" in audit["Timings"]
    assert any(j["ID"] == answer["ID"] for j in orthanc.get("/ratatoskr/jobs"))
    assert_no_patient_data(json.dumps(audit) + json.dumps(job) + orthanc.log_text())


def test_synchronous_answer_and_deterministic_result(orthanc):
    study = upload(orthanc, 3, seed=202)
    first = start(orthanc, study, {"Profile": "basic", "Synchronous": True})
    assert first["State"] == "Success" and first["InstancesDone"] == 3 and first["InstancesCreated"] == 3
    # Same study, same profile, same secret: same pseudonyms, so the same result, nothing stored twice.
    second = start(orthanc, study, {"Profile": "basic", "Synchronous": True})
    assert second["ResultStudy"] == first["ResultStudy"]
    assert second["InstancesCreated"] == 0
    assert len(orthanc.get(f"/studies/{first['ResultStudy']}/instances")) == 3
    # Another profile gives another result.
    teaching = start(orthanc, study, {"Profile": "teaching", "Synchronous": True, "Metadata": {"CaseId": "case-7"}})
    assert teaching["State"] == "Success" and teaching["ResultStudy"] != first["ResultStudy"]


@pytest.mark.parametrize("body, status, words", [
    ({"Profile": "no-such-profile"}, 400, "Unknown profile \"no-such-profile\""),
    ({"Frobnicate": 1}, 400, "Unknown key \"Frobnicate\" in the request body; this route accepts: Profile, "
                             "Metadata, DeleteOriginal, Priority, Synchronous, Asynchronous"),
    ({"Profile": 3}, 400, "\"Profile\" must be a non-empty string"),
    ({"Metadata": []}, 400, "\"Metadata\" must be a JSON object"),
    ({"DeleteOriginal": "yes"}, 400, "\"DeleteOriginal\" must be true or false"),
    ({"Destination": "pacscenter"}, 400, "\"Destination\" is for the send route"),
])
def test_bad_requests_are_precise(orthanc, body, status, words):
    study = upload(orthanc, 1, seed=303)
    before = orthanc.get("/jobs")
    error = start(orthanc, study, body, expected=status)
    assert error["HttpStatus"] == status
    assert words in error["Message"]
    assert orthanc.get("/jobs") == before


def test_unknown_resources_and_malformed_bodies(orthanc):
    error = start(orthanc, "0000-not-a-study", {}, expected=404)
    assert error["Message"] == "Unknown study \"0000-not-a-study\""
    assert orthanc.post("/ratatoskr/series/nope/anonymize", json={}, expected=404)["HttpStatus"] == 404
    study = upload(orthanc, 1, seed=304)
    bad = orthanc.post(f"/ratatoskr/studies/{study}/anonymize", data=b"{not json", expected=400,
                       headers={"Content-Type": "application/json"})
    assert bad["Message"].startswith("The request body must be a JSON object: invalid JSON: Line 1, Column 2")
    assert orthanc.get("/ratatoskr/jobs/no-such-job", expected=404)["HttpStatus"] == 404
    assert orthanc.get("/ratatoskr/profiles/nope", expected=404)["HttpStatus"] == 404
    # Routes need Orthanc's credentials.
    unauthenticated = orthanc.request("GET", "/ratatoskr/jobs", expected=401, session=__import__("requests").Session())
    assert unauthenticated.status_code == 401


@pytest.mark.allow_orthanc_errors()
def test_send_anonymizes_then_delivers(orthanc, pacscenter):
    study = upload(orthanc, 2, seed=404)
    result = start(orthanc, study, {"Profile": "basic", "Synchronous": True}, route="send")
    assert result["State"] == "Success" and result["Type"] == "AnonymizeAndSend"
    delivery = result["Delivery"]
    assert delivery["ID"] == result["DeliveryId"] and delivery["State"] == "Delivered"
    assert delivery["ConfirmedCount"] == delivery["InstanceCount"] == 2
    assert len(orthanc.get(f"/studies/{result['ResultStudy']}/instances")) == 2
    unknown = start(orthanc, study, {"Destination": "nowhere"}, route="send", expected=400)
    assert unknown["Message"] == "Unknown destination \"nowhere\"" and unknown["Details"] == ["pacscenter"]


def test_delete_original_after_success(orthanc):
    study = upload(orthanc, 2, seed=505)
    result = start(orthanc, study, {"Profile": "basic", "DeleteOriginal": True, "Synchronous": True})
    assert result["State"] == "Success"
    orthanc.get(f"/studies/{study}", expected=404)
    assert len(orthanc.get(f"/studies/{result['ResultStudy']}/instances")) == 2


def test_series_level(orthanc):
    study = upload(orthanc, 4, seed=606, series_count=2)
    series = orthanc.get(f"/studies/{study}")["Series"][0]
    result = orthanc.post(f"/ratatoskr/series/{series}/anonymize", json={"Profile": "basic", "Synchronous": True})
    assert result["State"] == "Success" and result["Level"] == "Series" and result["InstancesDone"] == 2


def test_batch_checks_everything_before_starting(orthanc):
    a = upload(orthanc, 1, seed=701)
    b = upload(orthanc, 1, seed=702)
    before = orthanc.get("/jobs")
    error = orthanc.post("/ratatoskr/anonymize", json={"Resources": [a, "missing-study"]}, expected=404)
    assert "missing-study" in error["Message"]
    assert orthanc.get("/jobs") == before
    jobs = orthanc.post("/ratatoskr/anonymize", json={"Resources": [a, b], "Profile": "basic"})
    assert [j["Resource"] for j in jobs] == [a, b]
    for j in jobs:
        orthanc.wait_job(j["ID"], expected_state="Success")
    assert orthanc.post("/ratatoskr/anonymize", json={}, expected=400)["Message"].startswith("\"Resources\" is required")


def _oe2_buttons():
    snippet = json.loads((ROOT / "Resources" / "OE2" / "CustomButtons.json").read_text())
    return snippet["OrthancExplorer2"]["UiOptions"]["CustomButtons"]


def _oe2_request(orthanc, button, replacements):
    """What OE2 sends for a POST button: Url and Payload templated (first occurrence of each placeholder),
    the Url resolved against /ui/app/, the Payload as JSON."""
    url = button["Url"]
    payload = json.dumps(button["Payload"])
    for key, value in replacements.items():
        url = url.replace("{" + key + "}", value, 1)
        payload = payload.replace("{" + key + "}", value, 1)
    absolute = urljoin(orthanc.url_for("/ui/app/"), url)
    return orthanc.api.post(absolute, data=payload, headers={"Content-Type": "application/json"}, timeout=30)


def test_orthanc_explorer_2_buttons_contract(orthanc):
    buttons = _oe2_buttons()
    study = upload(orthanc, 1, seed=801)
    anonymize = next(b for b in buttons["study"] if b["Id"] == "ratatoskr-anonymize-teaching")
    assert anonymize["HttpMethod"] == "POST"
    response = _oe2_request(orthanc, anonymize, {"UUID": study})
    assert response.status_code == 200, response.text
    orthanc.wait_job(response.json()["ID"], expected_state="Success")

    other = upload(orthanc, 1, seed=802)
    bulk = buttons["bulk-studies"][0]
    response = _oe2_request(orthanc, bulk, {"CommaSeparatedUUIDs": f"{study},{other}"})
    assert response.status_code == 200, response.text
    assert [j["Resource"] for j in response.json()] == [study, other]
    for j in response.json():
        orthanc.wait_job(j["ID"], expected_state="Success")

    send = next(b for b in buttons["study"] if b["Id"] == "ratatoskr-send-pacscenter")
    assert send["Url"].endswith("/send") and send["Payload"]["Destination"] == "pacscenter"


def test_legacy_explorer_gets_the_buttons(orthanc):
    script = orthanc.request("GET", "/plugins/explorer.js").text
    assert "Anonymize (teaching)" in script and "Send to pacscenter" in script
    assert "RATATOSKR_BUTTONS;" not in script


def test_preview_shows_what_each_attribute_becomes(orthanc):
    study = upload(orthanc, 1, seed=901)
    instance = orthanc.get(f"/studies/{study}/instances")[0]["ID"]
    preview = orthanc.post(f"/ratatoskr/instances/{instance}/preview", json={"Profile": "basic"})
    assert preview["Profile"] == "basic"
    by_keyword = {a.get("Keyword"): a for a in preview["Attributes"]}
    name = by_keyword["PatientName"]
    assert name["Before"] == PATIENT_NAME and name["After"] != PATIENT_NAME and name["Action"]
    assert orthanc.post("/ratatoskr/instances/nope/preview", json={}, expected=404)["HttpStatus"] == 404
    wrong = orthanc.post(f"/ratatoskr/instances/{instance}/preview", json={"Profile": "nope"}, expected=400)
    assert "nope" in wrong["Message"] and "basic" in wrong["Details"]  # same answer as the job routes
    assert orthanc.get(f"/studies/{study}/instances")  # nothing stored or changed by a preview
    assert len(orthanc.get("/studies")) >= 1


def test_profiles_routes(orthanc):
    names = orthanc.get("/ratatoskr/profiles")
    assert {"basic", "teaching", "research", "whitelist"} <= set(names)
    expanded = orthanc.get("/ratatoskr/profiles?expand")
    assert expanded["teaching"]["Description"] and expanded["teaching"]["Version"]
    resolved = orthanc.get("/ratatoskr/profiles/teaching")
    assert resolved["Name"] == "teaching"


def test_marker_study_through_the_job_leaves_no_marker(orthanc):
    study_data = make_marker_study(3)
    answers = orthanc.upload_study(study_data.instances)
    study = answers[0]["ParentStudy"]
    result = start(orthanc, study, {"Profile": "basic", "Synchronous": True})
    assert result["State"] == "Success", result
    outputs = instance_files(orthanc, result["ResultStudy"])
    assert len(outputs) == 3
    assert surviving_markers(study_data, outputs) == []
    # Cross-references still resolve: each ReferencedSOPInstanceUID is the new UID of another output instance.
    datasets = [read_dicom(d) for d in outputs]
    new_uids = {ds.SOPInstanceUID for ds in datasets}
    references = [ds.ReferencedImageSequence[0].ReferencedSOPInstanceUID for ds in datasets
                  if "ReferencedImageSequence" in ds and "ReferencedSOPInstanceUID" in ds.ReferencedImageSequence[0]]
    assert len(references) == 2 and all(r in new_uids for r in references)
    assert "MKT" not in orthanc.log_text() and "MKT" not in json.dumps(result)


def _many(orthanc, n, seed):
    return upload(orthanc, n, seed=seed, rows=8, columns=8)


def test_pause_resume_cancel_resubmit(orthanc):
    study = _many(orthanc, 120, 1001)
    job = start(orthanc, study, {"Profile": "basic"})["ID"]
    orthanc.post(f"/jobs/{job}/pause", json={})
    deadline = time.monotonic() + 30
    while orthanc.get(f"/jobs/{job}")["State"] not in ("Paused", "Success") and time.monotonic() < deadline:
        time.sleep(0.05)
    state = orthanc.get(f"/jobs/{job}")
    if state["State"] == "Paused":
        # A job paused before it ran is seen as paused by the plugin's periodic check (Orthanc calls no job code
        # then); one paused while running, at once.
        wait_until(lambda: orthanc.get(f"/ratatoskr/jobs/{job}")["State"] == "Paused", timeout=10,
                   description="the audit to say Paused")
        orthanc.post(f"/jobs/{job}/resume", json={})
    done = orthanc.wait_job(job, timeout=120, expected_state="Success")
    assert done["Content"]["InstancesDone"] == 120
    assert len(orthanc.get(f"/studies/{done['Content']['ResultStudy']}/instances")) == 120


@pytest.mark.allow_orthanc_errors()
def test_cancel_rolls_back_and_resubmit_completes_without_duplicates(orthanc):
    study = _many(orthanc, 150, 1002)
    studies_before = set(orthanc.get("/studies"))
    job = start(orthanc, study, {"Profile": "basic"})["ID"]
    deadline = time.monotonic() + 30
    while orthanc.get(f"/jobs/{job}")["Content"].get("InstancesDone", 0) < 10 and time.monotonic() < deadline:
        time.sleep(0.02)
    orthanc.post(f"/jobs/{job}/cancel", json={})
    canceled = orthanc.wait_job(job, timeout=60)
    if canceled["State"] == "Success":
        pytest.skip("the job finished before it could be canceled")
    assert canceled["ErrorCode"] == 37  # "This job was canceled"
    audit = orthanc.get(f"/ratatoskr/jobs/{job}")
    assert audit["State"] == "Canceled" and audit["Error"] == "canceled"
    # The audit says where it stopped and what the rollback removed.
    assert audit["Step"] == audit["FailedStep"] == "Anonymizing", audit
    assert audit["InstancesTotal"] == 150 and 10 <= audit["InstancesDone"] < 150, audit
    assert audit["InstancesCreated"] >= audit["InstancesDone"]  # a batch's instances are stored before it is counted
    assert audit["InstancesRemoved"] == audit["InstancesCreated"] and audit["ResultStudy"] == "", audit
    # Nothing half-stored: the partial result is gone.
    assert set(orthanc.get("/studies")) == studies_before

    orthanc.post(f"/jobs/{job}/resubmit", json={})
    done = orthanc.wait_job(job, timeout=120, expected_state="Success")
    result = done["Content"]["ResultStudy"]
    assert len(orthanc.get(f"/studies/{result}/instances")) == 150
    audit = orthanc.get(f"/ratatoskr/jobs/{job}")
    assert audit["State"] == "Success" and audit["Step"] == "Done" and "Error" not in audit
    assert audit["InstancesDone"] == audit["InstancesCreated"] == 150 and audit["InstancesRemoved"] == 0


def _source_state(orthanc, study):
    """What the job must not change in its source: the instances and their main tags."""
    return {"study": orthanc.get(f"/studies/{study}")["MainDicomTags"],
            "instances": sorted((i["ID"], json.dumps(i["MainDicomTags"], sort_keys=True))
                                for i in orthanc.get(f"/studies/{study}/instances"))}


def _paused_while_anonymizing(orthanc, n, seed):
    """A job of the plugin paused in its Anonymizing step with some instances done: polled until it runs that step,
    then paused. Returns (study, job, the audit of the paused job)."""
    study = _many(orthanc, n, seed)
    job = start(orthanc, study, {"Profile": "basic"})["ID"]

    def anonymizing():
        j = orthanc.get(f"/jobs/{job}")
        return j["State"] in ("Success", "Failure") or (
            j["State"] == "Running" and j["Content"]["Step"] == "Anonymizing" and j["Content"]["InstancesDone"] > 0)

    wait_until(anonymizing, 60, interval=0.02, description="the job anonymizing")
    orthanc.post(f"/jobs/{job}/pause", json={}, expected=None)
    state = wait_until(lambda: (st := orthanc.get(f"/jobs/{job}")["State"]) in ("Paused", "Success", "Failure")
                       and st, 60, description="the job paused or ended")
    assert state == "Paused", f"the job of {n} instances ended before it could be paused: use more instances"
    audit = wait_until(lambda: (a := orthanc.get(f"/ratatoskr/jobs/{job}"))["State"] == "Paused" and a, 30,
                       description="the audit showing the job paused")
    assert audit["Step"] == "Anonymizing" and 0 < audit["InstancesDone"] < n and audit["InstancesTotal"] == n, audit
    return study, job, audit


def _wait_canceled(orthanc, job):
    """Orthanc calls no job code when a paused or pending job is canceled: the plugin's periodic check (every 2 s)
    rolls it back and records the cancellation."""
    return wait_until(lambda: (a := orthanc.get(f"/ratatoskr/jobs/{job}"))["State"] == "Canceled" and a, 30,
                      description="the plugin's clean-up of the canceled job")


@pytest.mark.allow_orthanc_errors()
def test_cancel_while_paused_rolls_back_and_the_audit_says_where_it_stopped(orthanc):
    studies_before = set(orthanc.get("/studies"))
    study, job, paused = _paused_while_anonymizing(orthanc, 200, 1006)
    source = _source_state(orthanc, study)
    result = paused["ResultStudy"]
    assert paused["InstancesCreated"] > 0 and result
    assert set(orthanc.get("/studies")) == studies_before | {study, result}  # the partial result exists

    orthanc.post(f"/jobs/{job}/cancel", json={})
    canceled = orthanc.get(f"/jobs/{job}")
    assert canceled["State"] == "Failure" and canceled["ErrorCode"] == 37
    audit = _wait_canceled(orthanc, job)
    # Where it stopped and how far it got: as when it was paused; what it created is what the rollback removed.
    assert audit["Error"] == "canceled"
    assert audit["Step"] == audit["FailedStep"] == "Anonymizing", audit
    assert audit["InstancesTotal"] == 200 and audit["InstancesDone"] == paused["InstancesDone"], audit
    assert audit["InstancesCreated"] == paused["InstancesCreated"], audit
    assert audit["InstancesRemoved"] == paused["InstancesCreated"], audit
    assert audit["ResultStudy"] == "" and audit["SourceStudy"] == study
    # The created instances are gone, the source is intact.
    orthanc.get(f"/studies/{result}", expected=404)
    assert set(orthanc.get("/studies")) == studies_before | {study}
    assert _source_state(orthanc, study) == source

    orthanc.post(f"/jobs/{job}/resubmit", json={})
    done = orthanc.wait_job(job, timeout=120, expected_state="Success")
    assert done["Content"]["ResultStudy"] == result  # same pseudonyms: the same study, made again
    assert len(orthanc.get(f"/studies/{result}/instances")) == 200
    audit = orthanc.get(f"/ratatoskr/jobs/{job}")
    assert audit["State"] == "Success" and audit["Step"] == "Done" and "Error" not in audit
    assert audit["InstancesTotal"] == audit["InstancesDone"] == audit["InstancesCreated"] == 200
    assert audit["InstancesRemoved"] == 0 and audit["ResultStudy"] == result
    assert _source_state(orthanc, study) == source


@pytest.mark.allow_orthanc_errors()
def test_cancel_while_pending_is_recorded_at_listing(make_orthanc):
    # One worker, held by a long job: the next job waits Pending, and is canceled before any step ran.
    server = make_orthanc("pending", config_overrides={"ConcurrentJobs": 1,
                                                       "Ratatoskr": {"Secret": RATATOSKR_SECRET,
                                                                     "ConcurrentInstances": 1}})
    blocker = start(server, _many(server, 200, 1007), {"Profile": "basic"})["ID"]
    wait_until(lambda: server.get(f"/jobs/{blocker}")["State"] == "Running", 30, interval=0.02,
               description="the first job running")
    study = upload(server, 3, seed=1008)
    source = _source_state(server, study)
    studies_before = set(server.get("/studies"))
    job = start(server, study, {"Profile": "basic"})["ID"]
    assert server.get(f"/jobs/{job}")["State"] == "Pending"
    server.post(f"/jobs/{job}/cancel", json={})
    assert server.get(f"/jobs/{job}")["State"] == "Failure"
    assert server.get(f"/jobs/{blocker}")["State"] == "Running"  # so the canceled job never ran

    audit = _wait_canceled(server, job)
    assert audit["Error"] == "canceled" and audit["Step"] == audit["FailedStep"] == "Listing", audit
    assert audit["InstancesTotal"] == audit["InstancesDone"] == audit["InstancesCreated"] == 0
    assert audit["InstancesRemoved"] == 0 and audit["Timings"] == {}, audit
    assert set(server.get("/studies")) == studies_before and _source_state(server, study) == source

    server.post(f"/jobs/{job}/resubmit", json={})
    done = server.wait_job(job, timeout=180, expected_state="Success")
    assert done["Content"]["InstancesDone"] == done["Content"]["InstancesCreated"] == 3
    assert server.get(f"/ratatoskr/jobs/{job}")["State"] == "Success"
    server.wait_job(blocker, timeout=180, expected_state="Success")


@pytest.mark.allow_orthanc_errors()
def test_a_rolled_back_job_keeps_its_audit_and_resubmits_after_a_restart(make_orthanc):
    # The canceled job is saved (SaveJobs) where it stopped; reloaded after a restart, a resubmit lists again.
    server = make_orthanc("rolled-back", config_overrides={"Ratatoskr": {"Secret": RATATOSKR_SECRET,
                                                                         "ConcurrentInstances": 1}})
    study, job, paused = _paused_while_anonymizing(server, 120, 1010)
    server.post(f"/jobs/{job}/cancel", json={})
    audit = _wait_canceled(server, job)
    assert audit["Step"] == "Anonymizing" and audit["InstancesRemoved"] == paused["InstancesCreated"] > 0
    server.restart()
    assert server.get(f"/jobs/{job}")["State"] == "Failure"
    after = server.get(f"/ratatoskr/jobs/{job}")
    assert {k: after[k] for k in ("State", "Step", "Error", "InstancesDone", "InstancesRemoved")} == \
        {k: audit[k] for k in ("State", "Step", "Error", "InstancesDone", "InstancesRemoved")}
    server.post(f"/jobs/{job}/resubmit", json={})
    done = server.wait_job(job, timeout=120, expected_state="Success")
    assert done["Content"]["InstancesDone"] == done["Content"]["InstancesCreated"] == 120
    assert len(server.get(f"/studies/{done['Content']['ResultStudy']}/instances")) == 120


def test_admin_page_shows_where_a_canceled_job_stopped(orthanc, browser):
    study, job, paused = _paused_while_anonymizing(orthanc, 200, 1009)
    done, created = paused["InstancesDone"], paused["InstancesCreated"]
    result = browser.run("admin-page.mjs", {"orthanc": orthanc_login(orthanc), "actions": [
        {"study": study, "button": "Cancel", "then": "Canceled"},
        {"study": study, "button": "Resubmit", "then": "Success", "timeoutMs": 90000}]}, timeout=150)
    cancel, resubmit = result["actions"]
    # Columns: Started, Type, State, Step, Origin, Profile, Instances, Leak check, Source → result, Error, buttons.
    row = cancel["row"]
    assert row[2:4] == ["Canceled", "Anonymizing"], row
    assert row[6] == f"{done} / 200 ({created} new, {created} removed by the rollback)", row
    assert row[8] == study[:8] and row[9] == "Anonymizing: canceled" and row[10] == "Resubmit", row
    row = resubmit["row"]
    assert row[2:4] == ["Success", "Done"] and row[6] == "200 / 200 (200 new)" and row[9] == "", row
    assert [a["request"]["status"] for a in result["actions"]] == [200, 200]
    assert not result["browser"]["pageErrors"] and not result["browser"]["dialogs"]
    assert "admin-after-cancel.png" in [p.name for p in browser.screenshots()]


@pytest.mark.allow_orthanc_errors()
def test_job_survives_an_orthanc_restart(make_orthanc):
    server = make_orthanc("restart", config_overrides={"Ratatoskr": {"Secret": RATATOSKR_SECRET,
                                                                      "ConcurrentInstances": 1},
                                                       "ConcurrentJobs": 1})
    study = _many(server, 200, 1003)
    job = start(server, study, {"Profile": "basic"})["ID"]
    deadline = time.monotonic() + 30
    while server.get(f"/jobs/{job}")["Content"].get("InstancesDone", 0) < 20 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.restart()
    done = server.wait_job(job, timeout=180, expected_state="Success")
    result = done["Content"]["ResultStudy"]
    assert done["Content"]["InstancesDone"] == 200
    assert len(server.get(f"/studies/{result}/instances")) == 200
    assert server.get(f"/ratatoskr/jobs/{job}")["State"] == "Success"


@pytest.mark.allow_orthanc_errors()
def test_paused_job_survives_tools_reset(make_orthanc):
    # /tools/reset finalizes and re-initializes the plugin inside the same process. Orthanc 1.10.1 resets only once
    # its jobs stopped producing changes (a running or pending job runs to its end first, as Orthanc's own /anonymize
    # does), so a paused job is the one that crosses the reset: saved, unserialized by the new plugin instance, and
    # resumed there.
    server = make_orthanc("reset", config_overrides={"Ratatoskr": {"Secret": RATATOSKR_SECRET}})
    study = _many(server, 40, 1005)
    job = start(server, study, {"Profile": "teaching"})["ID"]
    server.post(f"/jobs/{job}/pause", json={})
    deadline = time.monotonic() + 30
    while server.get(f"/jobs/{job}")["State"] not in ("Paused", "Success") and time.monotonic() < deadline:
        time.sleep(0.05)
    if server.get(f"/jobs/{job}")["State"] != "Paused":
        pytest.skip("the job finished before it could be paused")
    position = server.log_position()
    server.reset()
    assert server.get(f"/jobs/{job}")["State"] == "Paused"
    assert server.get(f"/ratatoskr/jobs/{job}")["State"] == "Paused"
    server.post(f"/jobs/{job}/resume", json={})
    done = server.wait_job(job, timeout=120, expected_state="Success")
    assert done["Content"]["InstancesDone"] == 40
    assert len(server.get(f"/studies/{done['Content']['ResultStudy']}/instances")) == 40
    assert server.get(f"/ratatoskr/jobs/{job}")["State"] == "Success"
    assert "Orthanc has started" in server.log_text(position) and server.running


@pytest.mark.allow_orthanc_errors()
def test_leak_check_fails_the_job_naming_the_attribute_not_the_value(orthanc):
    # Manufacturer is not in Table E.1-1, so profiles keep it; here it carries the patient's ID.
    study = upload(orthanc, 2, seed=1101, patient_id="LEAKY-73519", extra={"Manufacturer": "LEAKY-73519"})
    studies_before = set(orthanc.get("/studies"))
    error = start(orthanc, study, {"Profile": "basic", "Synchronous": True}, expected=500)
    details = error["Details"]
    assert details["State"] == "Failure" and details["LeakCheck"] == "Failed"
    assert details["Step"] == details["FailedStep"] == "Anonymizing"
    assert details["InstancesTotal"] == 2 and details["InstancesDone"] == 0
    assert details["InstancesCreated"] == details["InstancesRemoved"] == 0  # a leaking instance is never stored
    assert "Manufacturer" in details["Error"] or "0008,0070" in details["Error"]
    assert "LEAKY" not in json.dumps(error) and "LEAKY" not in orthanc.log_text()
    # Nothing of the failed job stays stored.
    assert set(orthanc.get("/studies")) == studies_before


@pytest.mark.allow_orthanc_errors()
def test_a_leak_after_stored_instances_removes_them_and_the_audit_counts_them(orthanc):
    # 12 clean instances and a 13th whose Manufacturer carries the patient's ID: the job stores clean ones (the
    # ones before it and its batch's), fails on the leak, and the rollback removes what it stored.
    files = make_study(12, seed=1102, patient_id="LEAKY-84620", rows=8, columns=8)
    leaky = read_dicom(files[0])
    leaky.SOPInstanceUID = leaky.SOPInstanceUID + ".1"
    leaky.InstanceNumber = 13
    leaky.Manufacturer = "LEAKY-84620"
    answers = orthanc.upload_study(files + [to_part10(leaky)])
    [study] = {a["ParentStudy"] for a in answers}
    source = _source_state(orthanc, study)
    studies_before = set(orthanc.get("/studies"))
    details = start(orthanc, study, {"Profile": "basic", "Synchronous": True}, expected=500)["Details"]
    assert details["State"] == "Failure" and details["LeakCheck"] == "Failed"
    assert details["Step"] == details["FailedStep"] == "Anonymizing", details
    assert details["InstancesTotal"] == 13 and details["InstancesDone"] < 13, details
    assert details["InstancesCreated"] >= 3 and details["InstancesRemoved"] == details["InstancesCreated"], details
    audit = orthanc.get(f"/ratatoskr/jobs/{details['ID']}")
    assert details["ResultStudy"] == audit["ResultStudy"] == ""
    assert {k: audit[k] for k in ("Step", "InstancesDone", "InstancesCreated", "InstancesRemoved")} == \
        {k: details[k] for k in ("Step", "InstancesDone", "InstancesCreated", "InstancesRemoved")}
    assert set(orthanc.get("/studies")) == studies_before and _source_state(orthanc, study) == source
    assert "LEAKY" not in json.dumps(details) and "LEAKY" not in orthanc.log_text()


def _patient_shift_days(orthanc, profile, patient_id):
    """The date shift (days) of `patient_id` under `profile`, as the plugin computes it: from the preview of a
    probe instance of that patient (the shift depends on the secret and the patient only)."""
    probe = upload(orthanc, 1, seed=1201, patient_id=patient_id, study_date="20240115")
    instance = orthanc.get(f"/studies/{probe}/instances")[0]["ID"]
    preview = orthanc.post(f"/ratatoskr/instances/{instance}/preview", json={"Profile": profile})
    study_date = next(a for a in preview["Attributes"] if a.get("Keyword") == "StudyDate")
    day = lambda da: date(int(da[:4]), int(da[4:6]), int(da[6:8]))  # noqa: E731
    return (day(study_date["After"]) - day(study_date["Before"])).days


@pytest.mark.parametrize("profile", ["teaching", "research"])
def test_dates_the_patients_shift_apart_pass_the_leak_check(orthanc, profile):
    # Issue 14: an inpatient admitted exactly "shift" days before the study. The shifted study dates then equal
    # the original admitting date; the engine wrote them, so they are no survivors and the job succeeds.
    patient_id = "SHIFT-ID-81466"
    shift = _patient_shift_days(orthanc, profile, patient_id)
    assert -365 <= shift <= -1
    admitted = (date(2024, 1, 15) + timedelta(days=shift)).strftime("%Y%m%d")
    study = upload(orthanc, 2, seed=1202, patient_id=patient_id, study_date="20240115",
                   extra={"AdmittingDate": admitted, "AcquisitionDateTime": "20240115101600"})
    result = start(orthanc, study, {"Profile": profile, "Synchronous": True, "Metadata": {"CaseId": "case-14"}})
    assert result["State"] == "Success" and result["LeakCheck"] == "Passed", result
    outputs = instance_files(orthanc, result["ResultStudy"])
    assert len(outputs) == 2
    admitted_shifted = (date(2024, 1, 15) + timedelta(days=2 * shift)).strftime("%Y%m%d")
    for data in outputs:
        ds = read_dicom(data)
        assert ds.StudyDate == ds.SeriesDate == ds.AcquisitionDate == ds.ContentDate == admitted
        assert ds.AcquisitionDateTime == admitted + "101600"
        assert ds.AdmittingDate == admitted_shifted
        assert b"20240115" not in data and patient_id.encode() not in data
    assert admitted not in orthanc.log_text() and "20240115" not in json.dumps(result)
