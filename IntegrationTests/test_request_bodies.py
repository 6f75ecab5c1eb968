"""Bad request bodies on every state-changing route: a precise 4xx, nothing started, and Orthanc keeps serving
(a body nested 5,000 levels deep used to end Orthanc with SIGSEGV; an OrthancException thrown in a route, with
SIGABRT)."""

import pytest

from harness.dicom import make_study

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def targets(orthanc):
    """Every POST route of the plugin that reads a body, with a real resource in its path."""
    answers = orthanc.upload_study(make_study(1, seed=4242))
    study, series, instance = answers[0]["ParentStudy"], answers[0]["ParentSeries"], answers[0]["ID"]
    return [
        f"/ratatoskr/studies/{study}/anonymize",
        f"/ratatoskr/studies/{study}/send",
        f"/ratatoskr/series/{series}/anonymize",
        f"/ratatoskr/series/{series}/send",
        "/ratatoskr/anonymize",
        "/ratatoskr/send",
        f"/ratatoskr/instances/{instance}/preview",
    ]


def still_serving(orthanc):
    assert orthanc.get("/system")["Version"]
    assert orthanc.get("/ratatoskr/system")["Version"]
    assert orthanc.running, "Orthanc is gone"


def post(orthanc, route, body, expected):
    data = body.encode() if isinstance(body, str) else body
    answer = orthanc.post(route, data=data, headers=JSON, expected=expected, timeout=60)
    assert answer["HttpStatus"] == expected and answer["Uri"] == route
    return answer


@pytest.mark.parametrize("depth", [5000, 100000])
def test_deeply_nested_bodies_are_refused(orthanc, targets, depth):
    jobs = orthanc.get("/jobs")
    body = '{"Metadata": ' + "[" * depth + "]" * depth + "}"
    for route in targets:
        answer = post(orthanc, route, body, 400)
        assert answer["Message"] == ("The request body must be a JSON object: the JSON text is nested deeper "
                                     "than 64 levels")
        still_serving(orthanc)
    assert orthanc.get("/jobs") == jobs


def test_a_50_megabyte_body_is_refused(orthanc, targets):
    jobs = orthanc.get("/jobs")
    body = b'{"Metadata": {"Note": "' + b"x" * (50 * 1024 * 1024) + b'"}}'
    for route in targets[:2] + targets[-1:]:
        answer = post(orthanc, route, body, 413)
        assert answer["Message"] == (f"The request body is too large: the JSON text has {len(body)} bytes, "
                                     "more than the 1048576 accepted")
        still_serving(orthanc)
    assert orthanc.get("/jobs") == jobs


@pytest.mark.parametrize("body, words", [
    ("not json at all", "The request body must be a JSON object: invalid JSON: Line 1, Column 1"),
    ('{"Profile": "basic"} trailing', "The request body must be a JSON object: invalid JSON"),
    ("[1, 2]", "The request body must be a JSON object"),
    ('"a string"', "The request body must be a JSON object"),
])
def test_bodies_that_are_not_json_objects(orthanc, targets, body, words):
    for route in targets:
        assert post(orthanc, route, body, 400)["Message"].startswith(words)
    still_serving(orthanc)


def test_unknown_keys_are_named_with_every_accepted_key(orthanc, targets):
    expected = {
        "anonymize": ["Profile", "Metadata", "DeleteOriginal", "Priority", "Synchronous", "Asynchronous"],
        "send": ["Profile", "Metadata", "DeleteOriginal", "Priority", "Synchronous", "Asynchronous", "Destination"],
        "batch-anonymize": ["Resources", "Profile", "Metadata", "DeleteOriginal", "Priority", "Synchronous",
                            "Asynchronous"],
        "batch-send": ["Resources", "Profile", "Metadata", "DeleteOriginal", "Priority", "Synchronous",
                       "Asynchronous", "Destination"],
        "preview": ["Profile", "Metadata"],
    }
    for route in targets:
        kind = route.rsplit("/", 1)[1]
        if route in ("/ratatoskr/anonymize", "/ratatoskr/send"):
            kind = "batch-" + kind
        answer = post(orthanc, route, '{"Profile": "basic", "Frobnicate": 1}', 400)
        accepted = expected[kind]
        assert answer["Message"] == ('Unknown key "Frobnicate" in the request body; this route accepts: ' +
                                     ", ".join(accepted))
        assert answer["Details"] == {"AcceptedKeys": accepted}
    still_serving(orthanc)


@pytest.mark.parametrize("body, words", [
    ('{"Profile": 7}', '"Profile" must be a non-empty string'),
    ('{"Metadata": "x"}', '"Metadata" must be a JSON object'),
    ('{"Metadata": {"CourseId": [1]}}', '"Metadata.CourseId" must be a string or a number'),
    ('{"DeleteOriginal": "yes"}', '"DeleteOriginal" must be true or false'),
    ('{"Priority": 1.5}', '"Priority" must be an integer'),
    ('{"Synchronous": "no"}', '"Synchronous" must be true or false'),
])
def test_wrong_types_are_named(orthanc, targets, body, words):
    for route in targets[:1] + targets[2:3]:
        assert words in post(orthanc, route, body, 400)["Message"]
    still_serving(orthanc)
