"""HTTP access to an Orthanc REST API with assertions on the status."""

import time

import requests

DEFAULT_TIMEOUT = 30  # seconds, for every HTTP request: a hung server fails the test instead of blocking it
FINAL_JOB_STATES = ("Success", "Failure")


class OrthancHttpError(AssertionError):
    """An HTTP answer with an unexpected status."""

    def __init__(self, method, url, status, body):
        self.method = method
        self.url = url
        self.status = status
        self.body = body
        super().__init__(f"{method} {url} -> HTTP {status}: {body[:2000]}")


def _as_tuple(expected):
    if expected is None:
        return None
    if isinstance(expected, int):
        return (expected,)
    return tuple(expected)


def decode_body(response):
    """JSON when the answer says so, None when empty, else text for text/*, else bytes."""
    content_type = response.headers.get("Content-Type", "")
    if not response.content:
        return None
    if "json" in content_type:
        return response.json()
    if content_type.startswith("text/"):
        return response.text
    return response.content


def new_session(auth=None):
    session = requests.Session()
    session.trust_env = False  # never go through a proxy from the environment: everything is on loopback
    session.auth = auth
    return session


class OrthancClient:
    """REST client of one Orthanc: `.api` is an authenticated requests.Session, `.anonymous` one without
    credentials; get/post/put/delete return the decoded body and raise OrthancHttpError on another status."""

    def __init__(self, base_url, username, password):
        self.url = base_url.rstrip("/")
        self.username = username
        self.password = password
        self.api = new_session((username, password))
        self.anonymous = new_session()

    def url_for(self, path):
        return self.url + "/" + path.lstrip("/")

    def request(self, method, path, expected=200, session=None, **kwargs):
        """Send a request; check the status against `expected` (int, iterable, or None for no check);
        return the requests.Response."""
        kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
        response = (session or self.api).request(method, self.url_for(path), **kwargs)
        allowed = _as_tuple(expected)
        if allowed is not None and response.status_code not in allowed:
            raise OrthancHttpError(method, response.url, response.status_code, response.text)
        return response

    def get(self, path, expected=200, **kwargs):
        return decode_body(self.request("GET", path, expected, **kwargs))

    def post(self, path, json=None, data=None, expected=200, **kwargs):
        return decode_body(self.request("POST", path, expected, json=json, data=data, **kwargs))

    def put(self, path, json=None, data=None, expected=200, **kwargs):
        return decode_body(self.request("PUT", path, expected, json=json, data=data, **kwargs))

    def delete(self, path, expected=200, **kwargs):
        return decode_body(self.request("DELETE", path, expected, **kwargs))

    # --- Orthanc-specific helpers ---------------------------------------------------------------------------

    def upload_dicom(self, dicom_bytes):
        """POST /instances; returns Orthanc's answer {ID, ParentPatient, ParentStudy, ParentSeries, Path, Status}."""
        return self.post("/instances", data=dicom_bytes, headers={"Content-Type": "application/dicom"})

    def upload_study(self, instances):
        """Upload every DICOM file of `instances`; returns the list of answers."""
        return [self.upload_dicom(data) for data in instances]

    def wait_job(self, job_id, timeout=30, expected_state=None):
        """Poll GET /jobs/{id} until Success or Failure; return the job. With `expected_state`, raise
        AssertionError (with the job) when it ends in another state."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(f"/jobs/{job_id}")
            if job["State"] in FINAL_JOB_STATES:
                break
            if time.monotonic() >= deadline:
                raise AssertionError(f"job {job_id} not finished after {timeout} s: {job}")
            time.sleep(0.1)
        if expected_state is not None and job["State"] != expected_state:
            raise AssertionError(f"job {job_id} ended in {job['State']}, expected {expected_state}: {job}")
        return job

    def delete_everything(self):
        """Delete all patients (and so all studies, series, instances)."""
        for patient in self.get("/patients"):
            self.delete(f"/patients/{patient}")

    def plugin_names(self):
        return self.get("/plugins")
