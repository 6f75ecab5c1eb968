"""Helpers of the delivery tests: studies with known patient data, deliveries and outbox entries by REST, what
PACScenter holds."""

from dataclasses import dataclass, field

from .dicom import make_study, read_dicom
from .waiting import wait_until

PATIENT_NAME = "Quistorp^Thaddea^Wendeline"
PATIENT_ID = "DLV-PID-48213"
STUDY_DATE = "20230517"
BIRTH_DATE = "19700101"  # make_study's PatientBirthDate
FINAL_DELIVERY_STATES = ("Delivered", "Failed", "Canceled")


@dataclass
class SourceStudy:
    """A study uploaded with known identifying values: its Orthanc ID and what must never leave."""
    study: str
    instance_ids: list
    uids: set = field(default_factory=set)  # every original UID (study, series, instances, frame of reference)

    def identifying_values(self, with_orthanc_id=True):
        values = {PATIENT_NAME, PATIENT_ID, STUDY_DATE, BIRTH_DATE} | self.uids
        if with_orthanc_id:  # a hash of the original IDs: fine in an answer to the admin who named it, not beyond
            values.add(self.study)
        values |= set(PATIENT_NAME.split("^"))
        return values


def upload_source(orthanc, n_instances, seed, **kwargs):
    """Upload a study of `n_instances` with PATIENT_NAME / PATIENT_ID / STUDY_DATE; return a SourceStudy."""
    files = make_study(n_instances, patient_name=PATIENT_NAME, patient_id=PATIENT_ID, study_date=STUDY_DATE,
                       seed=seed, **kwargs)
    answers = orthanc.upload_study(files)
    studies = {a["ParentStudy"] for a in answers}
    assert len(studies) == 1, studies
    uids = set()
    for data in files:
        ds = read_dicom(data)
        uids |= {ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID}
        if "FrameOfReferenceUID" in ds:
            uids.add(ds.FrameOfReferenceUID)
    return SourceStudy(studies.pop(), [a["ID"] for a in answers], uids)


def assert_no_identifying_value(text, source, what="payload", with_orthanc_id=True):
    for value in source.identifying_values(with_orthanc_id):
        assert value not in text, f"{value!r} (original patient data) found in the {what}: {text[:3000]}"


def delivery(orthanc, delivery_id):
    return orthanc.get(f"/ratatoskr/deliveries/{delivery_id}")


def wait_delivery(orthanc, delivery_id, expected="Delivered", timeout=30):
    """Poll the delivery until it is Delivered, Failed or Canceled; assert it ended as `expected`."""
    def ended():
        d = orthanc.get(f"/ratatoskr/deliveries/{delivery_id}", expected=(200, 404))
        return d if d.get("State") in FINAL_DELIVERY_STATES else None
    d = wait_until(ended, timeout=timeout, interval=0.1, description=f"delivery {delivery_id} to end")
    assert d["State"] == expected, f"delivery ended {d['State']}, expected {expected}: {d}"
    return d


def outbox_entry(orthanc, webhook_id):
    return orthanc.get(f"/ratatoskr/webhooks/deliveries/{webhook_id}")


def outbox_entries(orthanc, **arguments):
    """GET /ratatoskr/webhooks/deliveries (newest first) with query arguments (webhook=, state=, limit=...)."""
    arguments.setdefault("limit", 1000)
    return orthanc.get("/ratatoskr/webhooks/deliveries", params=arguments)


def wait_outbox_entry(orthanc, webhook_id, states=("Delivered",), timeout=30):
    return wait_until(lambda: (lambda e: e if e["State"] in states else None)(outbox_entry(orthanc, webhook_id)),
                      timeout=timeout, interval=0.05, description=f"outbox entry {webhook_id} in {states}")


def result_sop_uids(orthanc, study):
    """SOP Instance UIDs of a study stored in `orthanc`."""
    return sorted(i["MainDicomTags"]["SOPInstanceUID"] for i in orthanc.get(f"/studies/{study}/instances"))


def pacscenter_sop_uids(pacscenter, study_instance_uid):
    """SOP Instance UIDs PACScenter holds for the study, one per stored instance (sorted, duplicates kept)."""
    found = pacscenter.post("/tools/find", json={"Level": "Instance", "Expand": True,
                                                 "Query": {"StudyInstanceUID": study_instance_uid}})
    return sorted(i["MainDicomTags"]["SOPInstanceUID"] for i in found)


def plan_batches(sizes, max_instances, max_bytes):
    """The batches (lists of indexes) the plugin plans for instances of these sizes (Plugin/Delivery/BatchPlan)."""
    batches, current, total = [], [], 0
    for index, size in enumerate(sizes):
        if current and (len(current) == max_instances or total + size > max_bytes):
            batches.append(current)
            current, total = [], 0
        current.append(index)
        total += size
    if current:
        batches.append(current)
    return batches
