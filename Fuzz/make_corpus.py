#!/usr/bin/python3
"""Writes the seed corpus of the anonymization fuzzer into Fuzz/corpus/ (synthetic data only, deterministic).

Well-formed seeds cover what the engine walks (transfer syntaxes, nested and undefined-length sequences,
private blocks and private sequences, UN elements, multi-valued and odd text, dates for shifting, overlays
and curves, burned-in annotation, encapsulated pixel data) and the non-image objects whose IOD requirements
change what the engine does (structured report, key object selection, encapsulated PDF, presentation state,
waveform: dummy items, Type 1 dummies, replaced documents); mangled seeds are truncated, bit-flipped and
length-corrupted versions of them. Total size is kept well below 200 KB.

    /usr/bin/python3 Fuzz/make_corpus.py [--out Fuzz/corpus]
"""

import argparse
import io
import random
import struct
import sys
import warnings
from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.filewriter import dcmwrite
from pydicom.sequence import Sequence
from pydicom.uid import (DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian, ExplicitVRLittleEndian,
                         ImplicitVRLittleEndian, JPEGBaseline8Bit)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "IntegrationTests"))
from harness.dicom import code_item  # noqa: E402

CT = "1.2.840.10008.5.1.4.1.1.2"
SC = "1.2.840.10008.5.1.4.1.1.7"
COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33"
KEY_OBJECT_SELECTION = "1.2.840.10008.5.1.4.1.1.88.59"
ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1"
GRAYSCALE_PRESENTATION_STATE = "1.2.840.10008.5.1.4.1.1.11.1"
TWELVE_LEAD_ECG = "1.2.840.10008.5.1.4.1.1.9.1.1"
ROOT = "2.25.1234567890"
MAX_TOTAL = 200 * 1024


def base_dataset(index=0, rows=8, columns=8):
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = CT
    ds.SOPInstanceUID = f"{ROOT}.1.{index}"
    ds.StudyInstanceUID = f"{ROOT}.2"
    ds.SeriesInstanceUID = f"{ROOT}.3"
    ds.FrameOfReferenceUID = f"{ROOT}.4"
    ds.StudyDate = "20230912"
    ds.StudyTime = "083015.123"
    ds.SeriesDate = "20230912"
    ds.AcquisitionDateTime = "20230912083015.123456+0100"
    ds.PatientName = "Fuzz^Patient^Middle^Dr^Jr"
    ds.PatientID = "FUZZ-0001"
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "O"
    ds.PatientAge = "053Y"
    ds.AccessionNumber = "ACC-FUZZ"
    ds.StudyID = "FUZZSTUDY"
    ds.StudyDescription = "Fuzz study for FUZZ-0001 Patient"
    ds.InstitutionName = "Fuzz Hospital"
    ds.ReferringPhysicianName = "Ref^Rita"
    ds.Modality = "CT"
    ds.Manufacturer = "Fuzz Devices"
    ds.InstanceNumber = index + 1
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = rows
    ds.Columns = columns
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.PixelData = bytes((i * 7) % 256 for i in range(rows * columns * 2))
    return ds


def to_bytes(ds, transfer_syntax=ExplicitVRLittleEndian):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = transfer_syntax
    meta.ImplementationClassUID = f"{ROOT}.99"
    ds.file_meta = meta
    ds.is_little_endian = transfer_syntax != ExplicitVRBigEndian
    ds.is_implicit_VR = transfer_syntax == ImplicitVRLittleEndian
    ds.preamble = b"\0" * 128
    buffer = io.BytesIO()
    dcmwrite(buffer, ds, write_like_original=False)
    return buffer.getvalue()


def with_sequences(ds):
    other = Dataset()
    other.PatientID = "FUZZ-OTHER"
    other.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = Sequence([other, Dataset()])
    inner = Dataset()
    inner.ReferencedSOPClassUID = CT
    inner.ReferencedSOPInstanceUID = f"{ROOT}.1.77"
    middle = Dataset()
    middle.ReferencedImageSequence = Sequence([inner])
    middle.PerformedProcedureStepID = "PPS-FUZZ"
    middle.PersonName = "Nested^Person"
    ds.ContentSequence = Sequence([middle, middle])
    request = Dataset()
    request.RequestedProcedureID = "RP-FUZZ"
    request.ScheduledProcedureStepStartDate = "20230910"
    ds.RequestAttributesSequence = Sequence([request])
    return ds


def with_private(ds):
    block = ds.private_block(0x0009, "FUZZ PRIVATE", create=True)
    block.add_new(0x01, "LO", "FUZZ-0001")
    block.add_new(0x02, "DA", "20230912")
    block.add_new(0x03, "OB", b"Fuzz^Patient hidden in bytes\0")
    item = Dataset()
    item.add_new(0x00091010, "LO", "inside private sequence")
    block.add_new(0x04, "SQ", Sequence([item]))
    safe = ds.private_block(0x0019, "GEMS_ACQU_01", create=True)
    safe.add_new(0x02, "SL", 912)
    ds.add_new(0x00111010, "UN", b"UNKNOWN\0")
    return ds


def with_overlay_and_curve(ds):
    ds.add_new(0x60000010, "US", 8)
    ds.add_new(0x60000011, "US", 8)
    ds.add_new(0x60000040, "CS", "G")
    ds.add_new(0x60000050, "SS", [1, 1])
    ds.add_new(0x60000100, "US", 1)
    ds.add_new(0x60000102, "US", 0)
    ds.add_new(0x60003000, "OW", bytes(8))
    ds.add_new(0x60004000, "LT", "Overlay comment FUZZ-0001")
    ds.add_new(0x50000005, "US", 2)
    ds.add_new(0x50003000, "OW", bytes(16))
    return ds


def with_odd_values(ds):
    ds.PatientName = "Yamada^Tarou=\u5c71\u7530^\u592a\u90ce=\u3084\u307e\u3060^\u305f\u308d\u3046"
    ds.SpecificCharacterSet = ["", "ISO 2022 IR 87"]
    ds.OtherPatientNames = ["Alias^One", "Alias^Two", ""]
    ds.StudyDate = "2023"
    ds.SeriesDate = "20230231"
    ds.AcquisitionDate = "19000101"
    ds.ContentDate = "20230912-20230913"
    ds.StudyTime = "2561"
    ds.AcquisitionDateTime = "2023"
    ds.PatientBirthDate = ""
    ds.PatientComments = "x" * 1000
    ds.ImageComments = "Contains FUZZ-0001 and 20230912 and Fuzz"
    return ds


def burned_in(ds):
    ds.BurnedInAnnotation = "YES"
    return ds


def encapsulated(ds):
    ds.SOPClassUID = SC
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelData = encapsulate([b"\xff\xd8\xff\xe0" + bytes(40) + b"\xff\xd9"])
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    return ds


def content_item(relationship, value_type, concept, **values):
    item = Dataset()
    item.RelationshipType = relationship
    item.ValueType = value_type
    item.ConceptNameCodeSequence = Sequence([concept])
    for keyword, value in values.items():
        setattr(item, keyword, value)
    return item


def image_reference():
    """A reference to the image of base_dataset(0), and its series."""
    reference = Dataset()
    reference.ReferencedSOPClassUID = CT
    reference.ReferencedSOPInstanceUID = f"{ROOT}.1.0"
    series = Dataset()
    series.SeriesInstanceUID = f"{ROOT}.3"
    return reference, series


def without_image(ds, sop_class, modality):
    for keyword in ("SamplesPerPixel", "PhotometricInterpretation", "Rows", "Columns", "BitsAllocated", "BitsStored",
                    "HighBit", "PixelRepresentation", "PixelData"):
        delattr(ds, keyword)
    ds.SOPClassUID = sop_class
    ds.Modality = modality
    ds.ContentDate = "20230913"
    ds.ContentTime = "101500"
    return ds


def structured_report(ds):
    without_image(ds, COMPREHENSIVE_SR, "SR")
    ds.CompletionFlag = "COMPLETE"
    ds.VerificationFlag = "VERIFIED"
    observer = Dataset()
    observer.VerifyingObserverName = "Verifier^Vera"
    observer.VerifyingOrganization = "Fuzz Hospital"
    observer.VerificationDateTime = "20230913101500"
    observer.VerifyingObserverIdentificationCodeSequence = Sequence([code_item("EMP-9", "99FUZZ", "Vera")])
    ds.VerifyingObserverSequence = Sequence([observer])
    ds.ValueType = "CONTAINER"
    ds.ConceptNameCodeSequence = Sequence([code_item("18748-4", "LN", "Diagnostic Imaging Report")])
    ds.ContinuityOfContent = "SEPARATE"
    measured = Dataset()
    measured.NumericValue = "12.5"
    measured.MeasurementUnitsCodeSequence = Sequence([code_item("mm", "UCUM", "mm")])
    finding = content_item("CONTAINS", "CONTAINER", code_item("121070", "DCM", "Findings"),
                           ContinuityOfContent="SEPARATE")
    finding.ContentSequence = Sequence([
        content_item("CONTAINS", "TEXT", code_item("121071", "DCM", "Finding"),
                     TextValue="Nodule seen on the scan of Fuzz Patient FUZZ-0001"),
        content_item("CONTAINS", "NUM", code_item("121206", "DCM", "Distance"),
                     MeasuredValueSequence=Sequence([measured])),
        content_item("CONTAINS", "CODE", code_item("121071", "DCM", "Finding"),
                     ConceptCodeSequence=Sequence([code_item("M-03010", "SRT", "Nodule")])),
    ])
    ds.ContentSequence = Sequence([
        content_item("HAS OBS CONTEXT", "PNAME", code_item("121008", "DCM", "Person Observer Name"),
                     PersonName="Observer^Olga"),
        content_item("HAS OBS CONTEXT", "DATETIME", code_item("111526", "DCM", "DateTime Started"),
                     DateTime="20230913101500"),
        content_item("HAS OBS CONTEXT", "UIDREF", code_item("121018", "DCM", "Procedure Study Instance UID"),
                     UID=f"{ROOT}.2"),
        finding,
    ])
    return ds


def key_object_selection(ds):
    without_image(ds, KEY_OBJECT_SELECTION, "KO")
    ds.ReferencedPerformedProcedureStepSequence = Sequence()
    reference, series = image_reference()
    series.ReferencedSOPSequence = Sequence([reference])
    study = Dataset()
    study.StudyInstanceUID = f"{ROOT}.2"
    study.ReferencedSeriesSequence = Sequence([series])
    ds.CurrentRequestedProcedureEvidenceSequence = Sequence([study])
    ds.ValueType = "CONTAINER"
    ds.ConceptNameCodeSequence = Sequence([code_item("113000", "DCM", "Of Interest")])
    ds.ContinuityOfContent = "SEPARATE"
    image = content_item("CONTAINS", "IMAGE", code_item("113000", "DCM", "Of Interest"))
    del image.ConceptNameCodeSequence
    image.ReferencedSOPSequence = Sequence([reference])
    ds.ContentSequence = Sequence([
        content_item("CONTAINS", "TEXT", code_item("113012", "DCM", "Key Object Description"),
                     TextValue="Teaching case of Fuzz Patient"),
        image,
    ])
    return ds


def encapsulated_pdf(ds):
    without_image(ds, ENCAPSULATED_PDF, "DOC")
    ds.BurnedInAnnotation = "YES"
    ds.DocumentTitle = "Discharge summary of Fuzz Patient"
    ds.ConceptNameCodeSequence = Sequence()
    ds.MIMETypeOfEncapsulatedDocument = "application/pdf"
    document = b"%PDF-1.1\n% Fuzz Patient FUZZ-0001\ntrailer<<>>\n%%EOF\n"
    ds.EncapsulatedDocument = document
    ds.EncapsulatedDocumentLength = len(document)
    return ds


def presentation_state(ds):
    without_image(ds, GRAYSCALE_PRESENTATION_STATE, "PR")
    ds.ContentLabel = "FUZZ"
    ds.ContentDescription = "Annotated for Fuzz Patient"
    ds.ContentCreatorName = "Creator^Carl"
    ds.PresentationCreationDate = "20230913"
    ds.PresentationCreationTime = "101500"
    reference, series = image_reference()
    series.ReferencedImageSequence = Sequence([reference])
    ds.ReferencedSeriesSequence = Sequence([series])
    text = Dataset()
    text.BoundingBoxAnnotationUnits = "PIXEL"
    text.BoundingBoxTopLeftHandCorner = [1.0, 1.0]
    text.BoundingBoxBottomRightHandCorner = [6.0, 3.0]
    text.BoundingBoxTextHorizontalJustification = "LEFT"
    text.UnformattedTextValue = "Fuzz Patient FUZZ-0001"
    annotation = Dataset()
    annotation.GraphicLayer = "LAYER1"
    annotation.ReferencedImageSequence = Sequence([reference])
    annotation.TextObjectSequence = Sequence([text])
    ds.GraphicAnnotationSequence = Sequence([annotation])
    layer = Dataset()
    layer.GraphicLayer = "LAYER1"
    layer.GraphicLayerOrder = 1
    ds.GraphicLayerSequence = Sequence([layer])
    ds.PresentationLUTShape = "IDENTITY"
    return ds


def waveform(ds):
    without_image(ds, TWELVE_LEAD_ECG, "ECG")
    ds.AcquisitionContextSequence = Sequence([content_item("HAS ACQ CONTEXT", "TEXT", code_item("1", "99FUZZ", "Note"),
                                                           TextValue="Recorded for FUZZ-0001")])
    channel = Dataset()
    channel.WaveformChannelNumber = 1
    channel.ChannelSourceSequence = Sequence([code_item("5.6.3-9-1", "SCPECG", "Lead I (Einthoven)")])
    channel.ChannelSensitivity = "1"
    channel.ChannelSensitivityUnitsSequence = Sequence([code_item("uV", "UCUM", "microvolt")])
    channel.ChannelSensitivityCorrectionFactor = "1"
    channel.ChannelBaseline = "0"
    channel.ChannelSampleSkew = "0"
    channel.WaveformBitsStored = 16
    multiplex = Dataset()
    multiplex.MultiplexGroupTimeOffset = "0"
    multiplex.TriggerTimeOffset = "0"
    multiplex.WaveformOriginality = "ORIGINAL"
    multiplex.NumberOfWaveformChannels = 1
    multiplex.NumberOfWaveformSamples = 8
    multiplex.SamplingFrequency = "500"
    multiplex.ChannelDefinitionSequence = Sequence([channel])
    multiplex.WaveformBitsAllocated = 16
    multiplex.WaveformSampleInterpretation = "SS"
    multiplex.WaveformData = bytes(range(16))
    ds.WaveformSequence = Sequence([multiplex])
    return ds


def well_formed():
    seeds = {
        "valid-explicit-le.dcm": to_bytes(base_dataset(0)),
        "valid-implicit-le.dcm": to_bytes(base_dataset(1), ImplicitVRLittleEndian),
        "valid-explicit-be.dcm": to_bytes(base_dataset(2), ExplicitVRBigEndian),
        "valid-deflated.dcm": to_bytes(with_sequences(base_dataset(3)), DeflatedExplicitVRLittleEndian),
        "sequences.dcm": to_bytes(with_sequences(base_dataset(4))),
        "sequences-implicit.dcm": to_bytes(with_sequences(base_dataset(5)), ImplicitVRLittleEndian),
        "private.dcm": to_bytes(with_private(base_dataset(6))),
        "overlay-curve.dcm": to_bytes(with_overlay_and_curve(base_dataset(7))),
        "odd-values.dcm": to_bytes(with_odd_values(base_dataset(8))),
        "burned-in.dcm": to_bytes(burned_in(base_dataset(9))),
        "encapsulated.dcm": to_bytes(encapsulated(base_dataset(10)), JPEGBaseline8Bit),
        "everything.dcm": to_bytes(with_odd_values(with_overlay_and_curve(with_private(with_sequences(
            base_dataset(11)))))),
        "structured-report.dcm": to_bytes(with_private(structured_report(base_dataset(13)))),
        "key-object.dcm": to_bytes(key_object_selection(base_dataset(14))),
        "encapsulated-pdf.dcm": to_bytes(encapsulated_pdf(base_dataset(15))),
        "presentation-state.dcm": to_bytes(presentation_state(base_dataset(16))),
        "waveform.dcm": to_bytes(waveform(base_dataset(17))),
    }
    minimal = Dataset()
    minimal.SOPClassUID = CT
    minimal.SOPInstanceUID = f"{ROOT}.1.12"
    seeds["minimal.dcm"] = to_bytes(minimal)
    return seeds


def set_u32(data, offset, value):
    return data[:offset] + struct.pack("<I", value) + data[offset + 4:]


def find(data, tag_bytes, start=132):
    at = data.find(tag_bytes, start)
    if at < 0:
        raise ValueError("tag not found")
    return at


def mangled(seeds):
    rng = random.Random(20240115)
    valid = seeds["valid-explicit-le.dcm"]
    everything = seeds["everything.dcm"]
    out = {
        "empty.dcm": b"",
        "preamble-only.dcm": b"\0" * 128 + b"DICM",
        "no-dicm.dcm": b"\0" * 128 + b"DICX" + valid[132:],
        "no-preamble.dcm": valid[128:],
        "text.txt": b"This is not a DICOM file.\n" * 4,
    }
    for name, data in (("valid", valid), ("everything", everything)):
        for fraction in (0.1, 0.3, 0.5, 0.9):
            out[f"truncated-{name}-{int(fraction * 100)}.dcm"] = data[: int(len(data) * fraction)]
        out[f"truncated-{name}-minus1.dcm"] = data[:-1]
    # Huge length on PatientName (0010,0010) PN: VR (2 bytes) then 16-bit length; set it to 0xFFFF.
    at = find(valid, b"\x10\x00\x10\x00PN")
    out["huge-pn-length.dcm"] = valid[: at + 6] + b"\xff\xff" + valid[at + 8:]
    # Odd length on StudyDate.
    at = find(valid, b"\x08\x00\x20\x00DA")
    out["odd-da-length.dcm"] = valid[: at + 6] + b"\x07\x00" + valid[at + 8:]
    # Garbage VR on PatientID.
    at = find(valid, b"\x10\x00\x20\x00LO")
    out["bad-vr.dcm"] = valid[: at + 4] + b"Q?" + valid[at + 6:]
    # Wrong file meta group length.
    out["bad-meta-length.dcm"] = set_u32(valid, 140, 0x7FFFFFF0)
    # Sequence with a huge defined item length.
    seq = seeds["sequences.dcm"]
    at = find(seq, b"\xfe\xff\x00\xe0")
    out["huge-item-length.dcm"] = set_u32(seq, at + 4, 0x7FFFFFF0)
    # Sequence delimiter removed.
    at = seq.find(b"\xfe\xff\xdd\xe0")
    out["missing-seq-delimiter.dcm"] = seq[:at] + seq[at + 8:] if at > 0 else seq[:-3]
    # Pixel data length larger than the file.
    at = valid.rfind(b"\xe0\x7f\x10\x00")
    out["pixel-length-past-end.dcm"] = set_u32(valid, at + 8, 0x00100000)
    # Random bit flips in the dataset (not the preamble).
    for index in range(10):
        source = everything if index % 2 else seq
        data = bytearray(source)
        for _ in range(1 + index):
            position = rng.randrange(132, len(data))
            data[position] ^= 1 << rng.randrange(8)
        out[f"bitflip-{index:02d}.dcm"] = bytes(data)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "corpus")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # pydicom warns about the deliberately odd values
    seeds = well_formed()
    seeds.update(mangled(seeds))
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, data in sorted(seeds.items()):
        (args.out / name).write_bytes(data)
        total += len(data)
    if total > MAX_TOTAL:
        raise SystemExit(f"corpus is {total} bytes, above the {MAX_TOTAL} limit")
    print(f"{len(seeds)} seeds, {total} bytes -> {args.out}")


if __name__ == "__main__":
    main()
