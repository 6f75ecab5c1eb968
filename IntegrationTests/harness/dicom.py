"""Synthetic DICOM test data made with pydicom: small, valid Part 10 files with identifying attributes to scrub."""

import hashlib
import io
import random
import uuid

import numpy
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, PYDICOM_IMPLEMENTATION_UID

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
SECONDARY_CAPTURE_STORAGE = "1.2.840.10008.5.1.4.1.1.7"
KEY_OBJECT_SELECTION_STORAGE = "1.2.840.10008.5.1.4.1.1.88.59"
PRIVATE_CREATOR = "RATATOSKR TEST"


def deterministic_uid(seed, *parts):
    """A deterministic 2.25 UID (UUID-derived, as in PS3.5 B.2) for (seed, parts)."""
    digest = hashlib.sha256("|".join([str(seed)] + [str(p) for p in parts]).encode()).digest()
    return "2.25." + str(uuid.UUID(bytes=digest[:16]).int)


def _patient_study_attributes(ds, patient_name, patient_id, study_uid, study_description, study_date, seed):
    ds.PatientName = patient_name
    ds.PatientID = patient_id
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "O"
    ds.PatientAge = "054Y"
    other_id = Dataset()
    other_id.PatientID = patient_id + "-OTHER"
    other_id.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = [other_id]
    ds.StudyInstanceUID = study_uid
    ds.StudyDate = study_date
    ds.StudyTime = "101500"
    ds.StudyID = f"S{seed % 100000}"
    ds.AccessionNumber = f"ACC{seed % 1000000}"
    ds.StudyDescription = study_description
    ds.ReferringPhysicianName = "Referrer^Rita"
    ds.InstitutionName = "Test Hospital"
    ds.InstitutionAddress = "1 Test Street, Testville"


def _series_attributes(ds, series_uid, series_number, modality, study_date):
    ds.SeriesInstanceUID = series_uid
    ds.SeriesNumber = series_number
    ds.SeriesDate = study_date
    ds.SeriesTime = "101600"
    ds.SeriesDescription = f"Series {series_number}"
    ds.Modality = modality
    ds.Laterality = ""
    ds.StationName = "TESTSTATION"
    ds.OperatorsName = "Operator^Otto"
    ds.PerformingPhysicianName = "Performer^Paula"
    ds.Manufacturer = "Ratatoskr Test Data"
    ds.DeviceSerialNumber = "SN-0001"


def _grayscale_pixels(ds, rng, rows, columns, bits_stored):
    """Image Pixel module: one random MONOCHROME2 frame, 8 or 16 bits allocated."""
    dtype = numpy.uint8 if bits_stored <= 8 else numpy.uint16
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = rows
    ds.Columns = columns
    ds.BitsAllocated = 8 * numpy.dtype(dtype).itemsize
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 0
    ds.PixelData = rng.integers(0, 2 ** bits_stored, size=(rows, columns), dtype=dtype).tobytes()


def _ct_image(ds, rng, rows, columns, index, frame_of_reference_uid):
    ds.FrameOfReferenceUID = frame_of_reference_uid
    ds.PositionReferenceIndicator = ""
    ds.PatientPosition = "HFS"
    ds.AcquisitionNumber = 1
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.KVP = "120"
    ds.SliceThickness = "1.0"
    ds.PixelSpacing = ["0.5", "0.5"]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.ImagePositionPatient = ["0", "0", str(float(index))]
    ds.SliceLocation = str(float(index))
    _grayscale_pixels(ds, rng, rows, columns, bits_stored=12)


def _secondary_capture_image(ds, rng, rows, columns):
    ds.ConversionType = "WSD"
    ds.PatientOrientation = ""
    _grayscale_pixels(ds, rng, rows, columns, bits_stored=8)


def code_item(value, scheme, meaning):
    """An item of the Code Sequence Macro."""
    item = Dataset()
    item.CodeValue = value
    item.CodingSchemeDesignator = scheme
    item.CodeMeaning = meaning
    return item


def to_part10(ds):
    """Bytes of a DICOM Part 10 file (Explicit VR Little Endian) for `ds`, with file meta made from its SOP
    Class and Instance UIDs."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.preamble = b"\0" * 128
    buffer = io.BytesIO()
    pydicom.dcmwrite(buffer, ds, write_like_original=False)
    return buffer.getvalue()


def make_study(n_instances=3, patient_name="Doe^John", patient_id="RAT-PID-0001", seed=None, modality=None,
               kind="ct", series_count=1, study_description="Ratatoskr integration test", study_date="20240115",
               rows=16, columns=16, private_tags=False, extra=None):
    """A study of `n_instances` DICOM files (bytes), spread round-robin over `series_count` series.

    kind "ct" = CT Image Storage (16-bit), "sc" = Secondary Capture (8-bit); modality defaults to CT / OT.
    Identifying attributes (names, IDs, OtherPatientIDsSequence, dates, institution, physicians, station...) are
    filled so anonymization has something to do. With the same
    `seed` (int) the output is byte-identical; seed None draws a random seed (new UIDs each call).
    `private_tags` adds a private block (creator "RATATOSKR TEST", group 0x0009). `extra` maps keywords to values
    set on every instance (applied last, so it can override anything).
    """
    if kind not in ("ct", "sc"):
        raise ValueError(f"unknown kind {kind!r} (expected 'ct' or 'sc')")
    if seed is None:
        seed = random.SystemRandom().randrange(2 ** 63)
    rng = numpy.random.default_rng(seed)
    modality = modality or ("CT" if kind == "ct" else "OT")
    sop_class = CT_IMAGE_STORAGE if kind == "ct" else SECONDARY_CAPTURE_STORAGE
    study_uid = deterministic_uid(seed, "study")
    frame_of_reference_uid = deterministic_uid(seed, "frame-of-reference")
    files = []
    for index in range(n_instances):
        series_index = index % series_count
        ds = Dataset()
        ds.SOPClassUID = sop_class
        ds.SOPInstanceUID = deterministic_uid(seed, "instance", index)
        ds.SpecificCharacterSet = "ISO_IR 100"
        ds.InstanceCreationDate = study_date
        ds.ContentDate = study_date
        ds.ContentTime = "101700"
        ds.AcquisitionDate = study_date
        ds.InstanceNumber = index // series_count + 1
        _patient_study_attributes(ds, patient_name, patient_id, study_uid, study_description, study_date, seed)
        _series_attributes(ds, deterministic_uid(seed, "series", series_index), series_index + 1, modality, study_date)
        if kind == "ct":
            _ct_image(ds, rng, rows, columns, index, frame_of_reference_uid)
        else:
            _secondary_capture_image(ds, rng, rows, columns)
        if private_tags:
            block = ds.private_block(0x0009, PRIVATE_CREATOR, create=True)
            block.add_new(0x10, "LO", "private value")
        for keyword, value in (extra or {}).items():
            setattr(ds, keyword, value)

        files.append(to_part10(ds))
    return files


def make_key_object_selection(images, description="Teaching case of Doe John", seed=0):
    """A Key Object Selection Document (TID 2010, "Of Interest") flagging `images` (DICOM bytes of one study, e.g.
    from make_study): same patient and study, its own series, the images listed in the Current Requested Procedure
    Evidence Sequence and as IMAGE content items, and `description` as the Key Object Description."""
    from pydicom.sequence import Sequence

    sources = [read_dicom(data) for data in images]
    first = sources[0]
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = KEY_OBJECT_SELECTION_STORAGE
    ds.SOPInstanceUID = deterministic_uid(seed, "kos-instance")
    for keyword in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID", "StudyDate",
                    "StudyTime", "ReferringPhysicianName", "StudyID", "AccessionNumber"):
        setattr(ds, keyword, getattr(first, keyword, ""))
    ds.Modality = "KO"
    ds.SeriesInstanceUID = deterministic_uid(seed, "kos-series")
    ds.SeriesNumber = 99
    ds.ReferencedPerformedProcedureStepSequence = Sequence()
    ds.Manufacturer = "Ratatoskr test viewer"
    ds.InstanceNumber = 1
    ds.ContentDate = first.StudyDate
    ds.ContentTime = "120000"

    def reference(source):
        item = Dataset()
        item.ReferencedSOPClassUID = source.SOPClassUID
        item.ReferencedSOPInstanceUID = source.SOPInstanceUID
        return item

    by_series = {}
    for source in sources:
        by_series.setdefault(source.SeriesInstanceUID, []).append(reference(source))
    series_items = []
    for series_uid, references in by_series.items():
        series = Dataset()
        series.SeriesInstanceUID = series_uid
        series.ReferencedSOPSequence = Sequence(references)
        series_items.append(series)
    study = Dataset()
    study.StudyInstanceUID = first.StudyInstanceUID
    study.ReferencedSeriesSequence = Sequence(series_items)
    ds.CurrentRequestedProcedureEvidenceSequence = Sequence([study])

    ds.ValueType = "CONTAINER"
    ds.ConceptNameCodeSequence = Sequence([code_item("113000", "DCM", "Of Interest")])
    ds.ContinuityOfContent = "SEPARATE"
    template = Dataset()
    template.MappingResource = "DCMR"
    template.TemplateIdentifier = "2010"
    ds.ContentTemplateSequence = Sequence([template])
    text = Dataset()
    text.RelationshipType = "CONTAINS"
    text.ValueType = "TEXT"
    text.ConceptNameCodeSequence = Sequence([code_item("113012", "DCM", "Key Object Description")])
    text.TextValue = description
    content = [text]
    for source in sources:
        image = Dataset()
        image.RelationshipType = "CONTAINS"
        image.ValueType = "IMAGE"
        image.ReferencedSOPSequence = Sequence([reference(source)])
        content.append(image)
    ds.ContentSequence = Sequence(content)
    return to_part10(ds)


def read_dicom(data):
    """Parse DICOM bytes into a pydicom Dataset."""
    return pydicom.dcmread(io.BytesIO(data))
