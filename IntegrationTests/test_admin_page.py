"""The admin page embedded from WebApp/: served behind Orthanc's authentication, and fed by routes that give it
every field it shows."""

import re

from harness.dicom import make_study


def test_admin_page_is_served_and_its_data_is_there(orthanc):
    page = orthanc.request("GET", "/ratatoskr/app/admin.html")
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<title>Ratatoskr" in page.text
    redirect = orthanc.request("GET", "/ratatoskr/app/", allow_redirects=False, expected=(301, 302, 303, 307))
    assert redirect.headers["Location"].endswith("/ratatoskr/app/admin.html")
    assert orthanc.get("/ratatoskr/app/nothing.html", expected=404)["HttpStatus"] == 404
    assert orthanc.request("GET", "/ratatoskr/app/admin.html", expected=401,
                           session=orthanc.anonymous).status_code == 401

    # Every job field the page reads exists in the audit.
    study = orthanc.upload_study(make_study(1, seed=5151))[0]["ParentStudy"]
    orthanc.post(f"/ratatoskr/studies/{study}/anonymize", json={"Profile": "basic", "Synchronous": True})
    job = next(j for j in orthanc.get("/ratatoskr/jobs") if j["SourceStudy"] == study)
    used = set(re.findall(r"job\.([A-Z][A-Za-z]+)", page.text))
    optional = {"Error", "FailedStep"}
    assert used - optional <= set(job), used - set(job)
    system = orthanc.get("/ratatoskr/system")
    assert set(re.findall(r"system\.([A-Z][A-Za-z]+)", page.text)) <= set(system)
