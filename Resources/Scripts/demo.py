#!/usr/bin/python3
"""Runs the Ratatoskr demo on loopback with the integration-test harness (real processes, nothing mocked)."""
import argparse
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "IntegrationTests"))

from harness.deployment import WEBHOOK_SECRET, ratatoskr_overrides  # noqa: E402
from harness.dicom import make_study  # noqa: E402
from harness.django_example import DjangoExample  # noqa: E402
from harness.orthanc import OrthancProcess  # noqa: E402
from harness.ports import free_port  # noqa: E402


def dicom_port(http_port):
    """DICOM port beside an HTTP port: +1000 when that fits, else any free one."""
    return http_port + 1000 if http_port + 1000 < 65536 else free_port()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="send the sample case (anonymize, deliver, tell Django), print the outcome and exit")
    parser.add_argument("--port", type=int, default=8052, help="HTTP port of the Ratatoskr Orthanc (default 8052)")
    parser.add_argument("--pacscenter-port", type=int, default=8053, help="HTTP port of PACScenter (default 8053)")
    parser.add_argument("--workdir", default=None, help="folder for storage and logs (default: a temporary one)")
    args = parser.parse_args()
    os.environ.setdefault("RATATOSKR_PLUGIN", str(ROOT / "build" / "libOrthancRatatoskr.so"))

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="ratatoskr-demo-"))
    (workdir / "django").mkdir(parents=True, exist_ok=True)
    django = DjangoExample(workdir / "django", WEBHOOK_SECRET)  # Resources/Django, on Debian's python3-django
    django.start()
    pacscenter = OrthancProcess(workdir, "pacscenter", with_ratatoskr=False, username="pacs", password="pacs-pw",
                                http_port=args.pacscenter_port, dicom_port=dicom_port(args.pacscenter_port))
    orthanc = None
    try:
        pacscenter.start()
        overrides = {"Ratatoskr": {"Destinations": {"pacscenter": {
            "ViewerUrl": pacscenter.url_for("/app/explorer.html") + "#study?uid={StudyInstanceUID}"}}}}
        orthanc = OrthancProcess(workdir, "ratatoskr",
                                 config_overrides=ratatoskr_overrides(pacscenter, django, overrides),
                                 http_port=args.port, dicom_port=dicom_port(args.port))
        orthanc.start()
        ids = {orthanc.upload_dicom(f)["ParentStudy"] for f in make_study(4, patient_name="Demo^Patient",
                                                                          patient_id="DEMO-0001", seed=42)}
        study = ids.pop()
        print(f"""
Ratatoskr demo is running (data and logs in {workdir}).
  Orthanc + Ratatoskr : {orthanc.url_for('/app/explorer.html')}  (user {orthanc.username}, password {orthanc.password})
  Plugin status       : {orthanc.url_for('/ratatoskr/system')}
  Admin page          : {orthanc.url_for('/ratatoskr/app/admin.html')}
  Sample study        : {orthanc.url_for('/app/explorer.html#study?uuid=' + study)}  (buttons "Anonymize", "Send to pacscenter")
  PACScenter          : {pacscenter.url_for('/app/explorer.html')}  (user pacs, password pacs-pw)
  Django (example)    : {django.url_for('/cases')}  (the cases it received, with their course)
Try: curl -u {orthanc.username}:{orthanc.password} --json '{{"Profile": "teaching", "Metadata": {{"CourseId": "RAD-101"}}, "Synchronous": true}}' {orthanc.url_for('/ratatoskr/studies/' + study + '/send')}
""", flush=True)
        if args.check:
            result = orthanc.post(f"/ratatoskr/studies/{study}/send", timeout=120,
                                  json={"Profile": "teaching", "Metadata": {"CourseId": "RAD-101"}, "Synchronous": True})
            delivery = result.get("Delivery") or {}
            uid = delivery.get("StudyInstanceUID")
            deadline = time.monotonic() + 30
            cases = []
            while time.monotonic() < deadline and not cases:
                cases = [c for c in django.cases() if c.get("StudyInstanceUID") == uid]
                time.sleep(0.2)
            print(json.dumps({"Job": {k: result.get(k) for k in ("State", "Profile", "InstancesDone", "LeakCheck")},
                              "Delivery": {k: delivery.get(k) for k in ("State", "ConfirmedCount", "InstanceCount")},
                              "Django": cases[0] if cases else None}, indent=2))
            delivered = result.get("State") == "Success" and delivery.get("State") == "Delivered"
            return 0 if delivered and cases and cases[0].get("CourseId") == "RAD-101" else 1
        print("Ctrl-C stops the demo.", flush=True)
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
        while orthanc.running and pacscenter.running:
            time.sleep(1)
        print("an Orthanc stopped; see the logs in", workdir)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        if orthanc is not None:
            orthanc.stop()
        pacscenter.stop()
        django.stop()


if __name__ == "__main__":
    sys.exit(main())
