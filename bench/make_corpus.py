#!/usr/bin/python3
"""Deterministic benchmark corpora for Ratatoskr (pydicom + numpy, fixed seeds; synthetic data only).

  A  500 CT-like instances, 512 x 512 16-bit   (~0.5 MB each, ~260 MB)
  B   50 large instances, 1600 x 1600 16-bit   (~5 MB each, ~256 MB)
  C 2000 small instances, 48 x 48 16-bit       (~7 kB each, ~14 MB)

Each corpus is one study of one patient, split over a few series, with realistic headers: patient, study,
series, equipment and image attributes, several sequences (other patient IDs, referenced study, procedure
and anatomic codes, request attributes, referenced images) and private blocks (creators "ACME_IDENT_01" with
identifying-looking values and "ACME_RECON_01" with acquisition numbers). Running it twice writes the same
bytes. Usage:

    /usr/bin/python3 bench/make_corpus.py [--out DIR] [--corpus A B C] [--force]

Default output: /tmp/ratatoskr-bench/corpus/{A,B,C}. Existing complete corpora are kept unless --force.
"""

import argparse
import shutil
import sys
import time
from pathlib import Path

import numpy
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "IntegrationTests"))
from harness.dicom import code_item, deterministic_uid  # noqa: E402

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
IMPLEMENTATION_UID = "2.25.305828488182831875890203105390285383139"
DEFAULT_OUT = Path("/tmp/ratatoskr-bench/corpus")

CORPORA = {
    # name: (instances, rows/columns, series, seed)
    "A": (500, 512, 4, 1001),
    "B": (50, 1600, 2, 1002),
    "C": (2000, 48, 10, 1003),
}


def patient_and_study(ds, name, seed):
    ds.PatientName = "Benchmark^Patient^" + name
    ds.PatientID = f"BENCH{seed:06d}"
    ds.IssuerOfPatientID = "BENCH HOSPITAL"
    ds.PatientBirthDate = "19610417"
    ds.PatientSex = "F"
    ds.PatientAge = "062Y"
    ds.PatientSize = "1.68"
    ds.PatientWeight = "64"
    ds.PatientAddress = "12 Synthetic Road, Benchtown"
    ds.EthnicGroup = "SYNTH"
    ds.AdditionalPatientHistory = f"Synthetic history for BENCH{seed:06d}, no real patient"
    other = Dataset()
    other.PatientID = f"MRN-{seed:08d}"
    other.IssuerOfPatientID = "OTHER SITE"
    other.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = Sequence([other])
    ds.StudyInstanceUID = deterministic_uid(seed, "study")
    ds.StudyDate = "20230912"
    ds.StudyTime = "083015.123"
    ds.StudyID = f"ST{seed}"
    ds.AccessionNumber = f"ACC{seed:07d}"
    ds.StudyDescription = f"CT CHEST WITH CONTRAST {name}"
    ds.ReferringPhysicianName = "Referrer^Rebecca^^Dr."
    ds.NameOfPhysiciansReadingStudy = "Reader^Robert"
    ds.InstitutionName = "Benchmark University Hospital"
    ds.InstitutionAddress = "1 Hospital Square, Benchtown"
    ds.InstitutionalDepartmentName = "Radiology"
    referenced_study = Dataset()
    referenced_study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    referenced_study.ReferencedSOPInstanceUID = deterministic_uid(seed, "study-component")
    ds.ReferencedStudySequence = Sequence([referenced_study])
    ds.ProcedureCodeSequence = Sequence([code_item("ZIH2", "L", "CT THORAX MIT KM")])
    request = Dataset()
    request.RequestedProcedureID = f"RP{seed}"
    request.ScheduledProcedureStepID = f"SPS{seed}"
    request.RequestedProcedureDescription = "CT chest"
    ds.RequestAttributesSequence = Sequence([request])


def series(ds, seed, index, modality):
    ds.SeriesInstanceUID = deterministic_uid(seed, "series", index)
    ds.SeriesNumber = index + 1
    ds.SeriesDate = "20230912"
    ds.SeriesTime = f"0831{index:02d}"
    ds.SeriesDescription = f"Series {index + 1} 1.0 mm"
    ds.Modality = modality
    ds.BodyPartExamined = "CHEST"
    ds.ProtocolName = "Chest routine"
    ds.OperatorsName = "Operator^Olga"
    ds.PerformingPhysicianName = "Performer^Peter"
    ds.StationName = "BENCHCT01"
    ds.Manufacturer = "ACME Medical"
    ds.ManufacturerModelName = "Bench 64"
    ds.DeviceSerialNumber = "SN123456"
    ds.SoftwareVersions = "1.0.0"
    ds.FrameOfReferenceUID = deterministic_uid(seed, "frame-of-reference")
    ds.PositionReferenceIndicator = ""
    ds.AnatomicRegionSequence = Sequence([code_item("T-D3000", "SRT", "Chest")])
    ds.PerformedProcedureStepStartDate = "20230912"
    ds.PerformedProcedureStepStartTime = "083000"
    ds.PerformedProcedureStepID = f"PPS{seed}"


def image(ds, rng, seed, size, index, series_index):
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.AcquisitionNumber = 1
    ds.InstanceNumber = index + 1
    ds.AcquisitionDate = "20230912"
    ds.AcquisitionTime = "083100"
    ds.ContentDate = "20230912"
    ds.ContentTime = "083101"
    ds.PatientPosition = "HFS"
    ds.ImagePositionPatient = ["-250.0", "-250.0", f"{-index * 1.0:.1f}"]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.SliceLocation = f"{-index * 1.0:.1f}"
    ds.SliceThickness = "1.0"
    ds.KVP = "120"
    ds.XRayTubeCurrent = 200
    ds.ConvolutionKernel = "B30f"
    ds.ImageComments = f"Synthetic image {index} of BENCH{seed:06d}"
    if index > 0:
        previous = Dataset()
        previous.ReferencedSOPClassUID = CT_IMAGE_STORAGE
        previous.ReferencedSOPInstanceUID = deterministic_uid(seed, "instance", index - 1)
        ds.ReferencedImageSequence = Sequence([previous])
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = size
    ds.Columns = size
    ds.PixelSpacing = [f"{500.0 / size:.4f}", f"{500.0 / size:.4f}"]
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.WindowCenter = "40"
    ds.WindowWidth = "400"
    # A disc of "tissue" plus noise: realistic enough, and cheap for 1600 x 1600.
    y, x = numpy.ogrid[:size, :size]
    disc = ((x - size / 2) ** 2 + (y - size / 2) ** 2) < (0.4 * size) ** 2
    pixels = rng.integers(0, 64, size=(size, size), dtype=numpy.uint16)
    pixels[disc] += numpy.uint16(1000 + 10 * series_index)
    ds.PixelData = pixels.tobytes()


def private_blocks(ds, seed, index):
    ident = ds.private_block(0x0009, "ACME_IDENT_01", create=True)
    ident.add_new(0x01, "LO", "BENCHCT01")
    ident.add_new(0x02, "LO", f"BENCH{seed:06d}")
    ident.add_new(0x03, "DA", "20230912")
    recon = ds.private_block(0x0019, "ACME_RECON_01", create=True)
    recon.add_new(0x10, "DS", "0.625")
    recon.add_new(0x11, "US", index % 65536)
    recon.add_new(0x12, "OB", bytes(range(64)))


def make_instance(name, seed, size, series_count, index, rng):
    series_index = index % series_count
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = deterministic_uid(seed, "instance", index)
    ds.InstanceCreationDate = "20230912"
    ds.InstanceCreationTime = "083102"
    ds.InstanceCreatorUID = "2.25.1"
    patient_and_study(ds, name, seed)
    series(ds, seed, series_index, "CT")
    image(ds, rng, seed, size, index, series_index)
    private_blocks(ds, seed, index)

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = IMPLEMENTATION_UID
    meta.ImplementationVersionName = "RATATOSKR_BENCH"
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.preamble = b"\0" * 128
    return ds, series_index


def write_corpus(name, folder, force):
    count, size, series_count, seed = CORPORA[name]
    done_marker = folder.parent / f".{name}.complete"
    if done_marker.exists() and not force:
        print(f"corpus {name}: already at {folder} (use --force to rewrite)")
        return
    done_marker.unlink(missing_ok=True)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = numpy.random.default_rng(seed)
    start = time.monotonic()
    total = 0
    for index in range(count):
        ds, series_index = make_instance(name, seed, size, series_count, index, rng)
        path = folder / f"series{series_index + 1:02d}" / f"IM{index:05d}.dcm"
        path.parent.mkdir(exist_ok=True)
        pydicom.dcmwrite(str(path), ds, write_like_original=False)
        total += path.stat().st_size
    done_marker.write_text(f"{count} {total}\n")
    print(f"corpus {name}: {count} files, {total / 1e6:.1f} MB ({total / count / 1e3:.1f} kB each) "
          f"in {time.monotonic() - start:.1f} s -> {folder}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--corpus", nargs="+", choices=sorted(CORPORA), default=sorted(CORPORA))
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    for name in args.corpus:
        write_corpus(name, args.out / name, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
