"""The "marker" study: every attribute of PS3.15 Table E.1-1 that has a writable VR holds a unique marker value,
at top level and again inside a nested sequence item, plus private tags with markers and cross-references between
instances. After anonymization no marker that the profile removes may survive anywhere in the output bytes."""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.tag import Tag

from harness.dicom import to_part10

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "Resources" / "Reference" / "ps3.15-e1-1.json"
SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
# Not in Table E.1-1, so profiles keep it and walk into it: the container of the nested markers.
NESTED_CONTAINER = "SharedFunctionalGroupsSequence"
# Structural attributes the marker generator sets itself (consistent across the study's instances).
STRUCTURAL = {"StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"}


@dataclass
class Marker:
    path: str      # e.g. "PatientName" or "SharedFunctionalGroupsSequence[0].PatientName"
    tag: str       # "(0010,0010)"
    text: bytes    # what must not appear in the output bytes (for textual VRs)


@dataclass
class MarkerStudy:
    instances: list = field(default_factory=list)   # DICOM bytes
    markers: list = field(default_factory=list)     # Marker
    sop_instance_uids: list = field(default_factory=list)


def table_rows():
    rows = json.loads(TABLE.read_text())["attributes"]
    for row in rows:
        tag = row["tag"]
        if "X" in tag[1:5] or "G" in tag or tag.startswith(("(0000,", "(0002,")):
            continue  # pattern rows and command elements are handled separately / do not belong in a file
        if row["vr"] is None:
            continue
        yield row


def _value(vr, token, index):
    """A marker value valid for the VR; returns (value, searchable bytes or None)."""
    if vr in ("LO", "SH", "ST", "LT", "UT", "UC", "CS", "AE"):
        return token, token.encode()
    if vr == "PN":
        return token + "^PN", token.encode()
    if vr == "UR":
        return "http://" + token + ".example", token.encode()
    if vr == "DA":
        value = (datetime.date(1901, 1, 1) + datetime.timedelta(days=index)).strftime("%Y%m%d")
        return value, value.encode()
    if vr == "TM":
        value = "235959.%06d" % index
        return value, value.encode()
    if vr == "DT":
        value = "19010101120000.%06d" % index
        return value, value.encode()
    if vr == "DS":
        value = "98765.%04d" % index
        return value, value.encode()
    if vr == "IS":
        value = "987%05d" % index
        return value, value.encode()
    if vr == "AS":
        return "%03dY" % (index % 1000), None
    if vr == "US":
        return index % 65536, None
    if vr == "UI":
        value = "1.2.826.0.1.3680043.10.999.%d" % index
        return value, value.encode()
    if vr in ("OB", "OB or OW", "UN"):
        data = token.encode()
        return data + (b"\0" if len(data) % 2 else b""), token.encode()
    return None, None


def _fill(ds, prefix, start, markers, path_prefix):
    index = start
    for row in table_rows():
        keyword, vr, tag = row["keyword"], row["vr"], Tag(int(row["id"], 16))
        if keyword in STRUCTURAL:
            continue
        index += 1
        token = "MK%s%04d" % (prefix, index)
        if vr == "SQ":
            # Inside the item, an identifying attribute of the table (Patient Comments, X in the Basic
            # Profile): whatever the sequence's own action, its content must still be cleaned.
            item = Dataset()
            item.PatientComments = token
            ds.add_new(tag, "SQ", Sequence([item]))
            markers.append(Marker(f"{path_prefix}{keyword}[0].PatientComments", row["tag"], token.encode()))
            continue
        value, text = _value(vr, token, index)
        if value is None:
            continue
        ds.add_new(tag, "OB" if vr == "OB or OW" else vr, value)
        if text is not None:
            markers.append(Marker(f"{path_prefix}{keyword or row['tag']}", row["tag"], text))
    return index


def _curves_overlays_private(ds, prefix, markers):
    for tag, vr, suffix in ((0x50000022, "LO", "CURVEDESC"), (0x60004000, "LT", "OVERLAYCOMMENT"),
                            (0x60000022, "LO", "OVERLAYDESC")):
        token = f"MK{prefix}{suffix}"
        ds.add_new(tag, vr, token)
        markers.append(Marker(f"({tag >> 16:04X},{tag & 0xFFFF:04X})", "", token.encode()))
    overlay = f"MK{prefix}OVERLAYDATA".encode()
    ds.add_new(0x60003000, "OW", overlay + b"\0" * (len(overlay) % 2))
    markers.append(Marker("(6000,3000)", "", overlay))
    block = ds.private_block(0x0011, "MARKER CREATOR", create=True)
    token = f"MK{prefix}PRIVATE"
    block.add_new(0x10, "LO", token)
    markers.append(Marker("(0011,1010)", "", token.encode()))
    item = Dataset()
    nested_token = f"MK{prefix}PRIVNESTED"
    item.PatientComments = nested_token
    block.add_new(0x11, "SQ", Sequence([item]))
    markers.append(Marker("(0011,1011)[0].PatientComments", "", nested_token.encode()))


def make_marker_study(n_instances=3):
    """Marker study of `n_instances` Secondary Capture instances in one series; instance k references
    instance k-1 in ReferencedImageSequence (cross-references must still resolve after anonymization)."""
    study = MarkerStudy()
    study_uid = "1.2.826.0.1.3680043.10.999.1.1"
    series_uid = "1.2.826.0.1.3680043.10.999.1.2"
    study.sop_instance_uids = ["1.2.826.0.1.3680043.10.999.1.3.%d" % k for k in range(n_instances)]
    for k in range(n_instances):
        markers = []
        ds = Dataset()
        ds.SpecificCharacterSet = "ISO_IR 100"
        end = _fill(ds, "T", 0, markers, "")
        nested = Dataset()
        _fill(nested, "N", end, markers, NESTED_CONTAINER + "[0].")
        ds.SharedFunctionalGroupsSequence = Sequence([nested])
        _curves_overlays_private(ds, "T", markers)

        ds.SOPClassUID = SECONDARY_CAPTURE
        ds.SOPInstanceUID = study.sop_instance_uids[k]
        ds.StudyInstanceUID = study_uid
        ds.SeriesInstanceUID = series_uid
        ds.Modality = "OT"
        ds.InstanceNumber = k + 1
        if k > 0:
            ref = Dataset()
            ref.ReferencedSOPClassUID = SECONDARY_CAPTURE
            ref.ReferencedSOPInstanceUID = study.sop_instance_uids[k - 1]
            ds.ReferencedImageSequence = Sequence([ref])
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows = 8
        ds.Columns = 8
        ds.BitsAllocated = 8
        ds.BitsStored = 8
        ds.HighBit = 7
        ds.PixelRepresentation = 0
        ds.PixelData = bytes(range(64))
        for uid in (study_uid, series_uid, study.sop_instance_uids[k]):
            markers.append(Marker("UID", "", uid.encode()))

        study.instances.append(to_part10(ds))
        if k == 0:
            study.markers = markers
        else:
            known = {m.text for m in study.markers}
            study.markers.extend(m for m in markers if m.text not in known)
    return study


def surviving_markers(study, outputs):
    """The markers found in any of the output byte strings: list of (path, marker text)."""
    found = []
    for marker in study.markers:
        if any(marker.text in data for data in outputs):
            found.append((marker.path, marker.text.decode(errors="replace")))
    return found
