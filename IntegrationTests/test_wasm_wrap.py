"""The engine's wrap() under Node.js (the wasm module the upload page runs): a collaborator's PDF, MP4 and picture
become DICOM instances in the study of a DICOM file of the same drop (the marker study), and after anonymize() no
marker survives: neither those of the containers (PDF document information and XMP, MP4 title, comment, GPS and
times) nor the marker study's patient and study values beyond what the profile keeps on the marker instance
itself. The wrapped instances land in the anonymized study of the case, and dropping a file again gives the same
instance.

Needs build/wasm (Resources/Scripts/build.sh) and, for the video, Debian's ffmpeg (install-dependencies.sh
--tests). Run: /usr/bin/python3 -m pytest IntegrationTests/test_wasm_wrap.py
"""

import io
import json
import os
import shutil
import subprocess
import zlib
from pathlib import Path

import pydicom
import pytest

from harness.paths import REPO_ROOT
from markers import make_marker_study, surviving_markers

CONTAINER_MARKERS = [b"PDFAUTHORMARKER", b"PDFXMPMARKER", b"PDFZIPMARKER", b"MP4TITLEMARKER", b"MP4COMMENTMARKER",
                     b"+48.8577+002.2950", b"2019-12-31"]
# Keeps the document (the built-in profiles replace an Encapsulated Document with a dummy), so that what is
# checked is the scrubbed PDF itself.
DOCUMENT_PROFILE = {"Name": "teaching-documents", "Extends": "teaching", "BurnedInAnnotation": "Allow",
                    "Rules": [{"Attribute": "EncapsulatedDocument", "Action": "Keep"}]}


def build_dir():
    return Path(os.environ.get("RATATOSKR_BUILD_DIR", str(REPO_ROOT / "build")))


def marked_pdf():
    """A one-page PDF: /Info with a marker, an XMP stream with another, a Flate-compressed XMP stream, /ID."""
    xmp = lambda marker: (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description dc:creator="' + marker +
                          b'"/></x:xmpmeta>')
    stream = lambda dictionary, data: (b"<< " + dictionary + b" /Length " + str(len(data)).encode() +
                                       b" >>\nstream\n" + data + b"\nendstream")
    content = b"BT /F1 24 Tf 20 100 Td (Visible) Tj ET"
    bodies = [b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
              b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 6 0 R /Metadata 7 0 R >>",
              stream(b"/Type /Metadata /Subtype /XML", xmp(b"PDFXMPMARKER")),
              b"<< /Author (PDFAUTHORMARKER) /CreationDate (D:20191231120000) /Producer (2019-12-31) >>",
              stream(b"", content),
              stream(b"/Type /Metadata /Subtype /XML /Filter /FlateDecode", zlib.compress(xmp(b"PDFZIPMARKER")))]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(pdf))
        pdf += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += (b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R /ID [<0123456789ABCDEF> <0123456789ABCDEF>] >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref))
    return pdf


def marked_mp4(folder):
    if not shutil.which("ffmpeg"):
        pytest.skip("no ffmpeg (Resources/Scripts/install-dependencies.sh --tests installs it)")
    path = folder / "marked.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=10",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-metadata", "title=MP4TITLEMARKER",
                    "-metadata", "comment=MP4COMMENTMARKER", "-metadata", "location=+48.8577+002.2950/",
                    "-metadata", "creation_time=2019-12-31T12:00:00Z", str(path)], check=True, timeout=120)
    return path.read_bytes()


WRAP_SCRIPT = r"""
import { readFileSync, writeFileSync } from 'node:fs';
const { loadEngineForNode } = await import(ENGINE_URL);
const [specPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const engine = await loadEngineForNode();
const loaded = engine.loadProfile(JSON.stringify(spec.documentProfile), 'teaching-documents.json');
if (!loaded.ok) throw new Error(loaded.error);
const answers = [];
for (const job of spec.jobs) {
  const configured = engine.configure({ profile: job.profile, secret: 'wrap-test-key-0123456789' });
  if (!configured.ok) throw new Error(configured.error);
  const input = readFileSync(job.input);
  const context = job.context ? readFileSync(job.context) : job.contextObject;
  const request = job.kind === 'image'
    ? { kind: 'image', pixels: new Uint8ClampedArray(input.buffer, input.byteOffset, input.length), width: job.width,
        height: job.height, context }
    : { kind: job.kind, bytes: input, context };
  const wrapped = engine.wrap(request);
  const answer = { name: job.name, wrap: { ...wrapped, bytes: undefined } };
  if (wrapped.ok) {
    writeFileSync(job.output + '.wrapped.dcm', wrapped.bytes);
    const anonymized = engine.anonymize(wrapped.bytes, { CaseId: 'CASE-W' });
    answer.anonymize = { ...anonymized, bytes: undefined };
    if (anonymized.status === 'anonymized') writeFileSync(job.output, anonymized.bytes);
  }
  answers.push(answer);
}
process.stdout.write(JSON.stringify(answers));
"""


@pytest.fixture(scope="module")
def engine_url():
    node_engine = build_dir() / "wasm" / "node-engine.mjs"
    if not node_engine.is_file():
        pytest.fail(f"not built: {node_engine} (Resources/Scripts/build.sh)", pytrace=False)
    if not shutil.which("node"):
        pytest.fail("node is not installed", pytrace=False)
    return node_engine.resolve().as_uri()


def run_jobs(engine_url, folder, jobs):
    script = folder / "wrap.mjs"
    script.write_text(WRAP_SCRIPT.replace("ENGINE_URL", json.dumps(engine_url)))
    spec = folder / "spec.json"
    spec.write_text(json.dumps({"documentProfile": DOCUMENT_PROFILE, "jobs": jobs}))
    completed = subprocess.run(["node", str(script), str(spec)], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return {answer["name"]: answer for answer in json.loads(completed.stdout)}


@pytest.fixture(scope="module")
def case(tmp_path_factory, engine_url):
    """The marker study's first instance (the context and, anonymized, the reference) and the wrapped files."""
    folder = tmp_path_factory.mktemp("wrap")
    study = make_marker_study(1)
    (folder / "marker.dcm").write_bytes(study.instances[0])
    (folder / "in.pdf").write_bytes(marked_pdf())
    (folder / "in.mp4").write_bytes(marked_mp4(folder))
    width, height = 5, 3
    (folder / "in.rgba").write_bytes(bytes(value for y in range(height) for x in range(width)
                                           for value in (x * 40, y * 80, 200, 255)))
    jobs = []
    for profile in ("teaching", "teaching-documents"):
        for kind, name in (("pdf", "in.pdf"), ("video", "in.mp4"), ("image", "in.rgba")):
            jobs.append({"name": f"{kind}-{profile}", "kind": kind, "input": str(folder / name),
                         "context": str(folder / "marker.dcm"), "profile": profile, "width": width,
                         "height": height, "output": str(folder / f"{kind}-{profile}.dcm")})
    jobs.append({"name": "pdf-again", "kind": "pdf", "input": str(folder / "in.pdf"), "profile": "teaching",
                 "context": str(folder / "marker.dcm"), "output": str(folder / "pdf-again.dcm")})
    jobs.append({"name": "pdf-new-study", "kind": "pdf", "input": str(folder / "in.pdf"), "profile": "teaching",
                 "contextObject": {"StudySeed": "drop-1"}, "output": str(folder / "pdf-new-study.dcm")})
    jobs.append({"name": "not-a-pdf", "kind": "pdf", "input": str(folder / "in.rgba"), "profile": "teaching",
                 "output": str(folder / "not-a-pdf.dcm")})
    return folder, study, run_jobs(engine_url, folder, jobs)


def anonymize_marker(engine_url, folder, profile):
    script = folder / f"anonymize-{profile}.mjs"
    script.write_text(r"""
import { readFileSync, writeFileSync } from 'node:fs';
const { loadEngineForNode } = await import(ENGINE_URL);
const engine = await loadEngineForNode();
const loaded = engine.loadProfile(JSON.stringify(DOCUMENT_PROFILE), 'teaching-documents.json');
const configured = engine.configure({ profile: PROFILE, secret: 'wrap-test-key-0123456789' });
if (!configured.ok) throw new Error(configured.error);
const result = engine.anonymize(readFileSync(INPUT), { CaseId: 'CASE-W' });
if (result.status !== 'anonymized') throw new Error(result.reason);
writeFileSync(OUTPUT, result.bytes);
""".replace("ENGINE_URL", json.dumps(engine_url)).replace("DOCUMENT_PROFILE", json.dumps(DOCUMENT_PROFILE))
       .replace("PROFILE", json.dumps(profile)).replace("INPUT", json.dumps(str(folder / "marker.dcm")))
       .replace("OUTPUT", json.dumps(str(folder / f"marker-{profile}.dcm"))))
    completed = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return (folder / f"marker-{profile}.dcm").read_bytes()


@pytest.mark.parametrize("profile", ["teaching", "teaching-documents"])
@pytest.mark.parametrize("kind", ["pdf", "video", "image"])
def test_a_wrapped_file_keeps_no_marker_after_anonymization(case, engine_url, kind, profile):
    folder, study, answers = case
    answer = answers[f"{kind}-{profile}"]
    assert answer["wrap"]["ok"], answer
    assert answer["anonymize"]["status"] == "anonymized", answer
    output = (folder / f"{kind}-{profile}.dcm").read_bytes()
    wrapped = (folder / f"{kind}-{profile}.dcm.wrapped.dcm").read_bytes()
    for marker in CONTAINER_MARKERS:
        assert marker not in wrapped, marker
        assert marker not in output, marker
    reference = anonymize_marker(engine_url, folder, profile)
    allowed = set(surviving_markers(study, [reference]))   # what the profile keeps of the marker instance itself
    assert [m for m in surviving_markers(study, [output]) if m not in allowed] == []

    # It lands in the anonymized study of the case, with the case's pseudonymized patient.
    ds = pydicom.dcmread(io.BytesIO(output))
    ref = pydicom.dcmread(io.BytesIO(reference))
    for keyword in ("StudyInstanceUID", "PatientName", "PatientID", "StudyDate", "StudyID"):
        assert ds.get(keyword) == ref.get(keyword), keyword
    assert ds.SeriesInstanceUID != ref.SeriesInstanceUID
    assert ds.PatientIdentityRemoved == "YES"
    expected = {"pdf": ("1.2.840.10008.5.1.4.1.1.104.1", "DOC"), "video": ("1.2.840.10008.5.1.4.1.1.77.1.4.1", "XC"),
                "image": ("1.2.840.10008.5.1.4.1.1.7", "OT")}[kind]
    assert (ds.SOPClassUID, ds.Modality) == expected
    if kind == "image":
        assert ds.PixelData[:6] == bytes([0, 0, 200, 40, 0, 200])
    if kind == "video":
        assert ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.4.102"
        assert (ds.Rows, ds.Columns, int(ds.NumberOfFrames)) == (64, 64, 10)
    if kind == "pdf" and profile == "teaching-documents":
        assert ds.EncapsulatedDocument.startswith(b"%PDF-1.4") and b"(Visible)" in ds.EncapsulatedDocument
    assert answer["wrap"]["removed"] or kind == "image"


def test_the_same_file_gives_the_same_instance_and_errors_are_values(case):
    folder, _, answers = case
    assert (folder / "pdf-again.dcm").read_bytes() == (folder / "pdf-teaching.dcm").read_bytes()
    assert answers["pdf-again"]["wrap"]["sopInstanceUid"] == answers["pdf-teaching"]["wrap"]["sopInstanceUid"]
    new_study = answers["pdf-new-study"]["wrap"]
    assert new_study["ok"] and new_study["studyInstanceUid"] != answers["pdf-teaching"]["wrap"]["studyInstanceUid"]
    refused = answers["not-a-pdf"]["wrap"]
    assert refused == {"ok": False, "error": refused["error"]} and "not a PDF" in refused["error"]
