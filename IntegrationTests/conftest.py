"""Fixtures for the Ratatoskr integration tests.

Processes (all on 127.0.0.1, free ports, files under pytest's temporary directory):
- `pacscenter` (session): plain Orthanc + DICOMweb, user pacs / pacs-pw; the delivery target.
- `django_receiver` (module) / `django` (function, the same receiver reset before each test): the webhook target.
- `orthanc` (module): Orthanc + DICOMweb + Ratatoskr wired to both (see harness.deployment). A test module changes
  its configuration by defining a module-scoped fixture `orthanc_overrides` returning overrides to deep-merge.
- `make_orthanc` (function): factory for extra Orthancs, stopped at the end of the test.
- `browser` (function): runs the Node scripts of IntegrationTests/browser/ (headless Chromium through
  playwright-core, see harness.browser); screenshots go to `<test tmp dir>/screenshots/`.

Every Orthanc is stopped at the end even when a test fails, and checked: exit code 0 and no unexpected error lines
in its log. Error lines logged by any running Orthanc during a test fail that test unless it is marked
`@pytest.mark.allow_orthanc_errors("regex", ...)` (no pattern = any error line).
Set RATATOSKR_PLUGIN to test another build of the plugin; if the plugin is missing, tests that need it fail
(or are skipped with RATATOSKR_ALLOW_MISSING_PLUGIN=1).
"""

import os

import pytest

from harness import DjangoReceiver, OrthancProcess, PACSCENTER_PASSWORD, PACSCENTER_USER, ratatoskr_overrides
from harness.browser import Browser, browser_problem
from harness.paths import ratatoskr_plugin_path
from harness.registry import ProcessRegistry

_REGISTRY = pytest.StashKey()
_LOG_STARTS = pytest.StashKey()
_KNOWN_BEFORE = pytest.StashKey()
_BROWSER = pytest.StashKey()


def pytest_configure(config):
    config.stash[_REGISTRY] = ProcessRegistry()


def pytest_unconfigure(config):
    config.stash[_REGISTRY].stop_all()


def _fail_on(problems):
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


def _stop_and_check(processes):
    for process in processes:
        process.terminate()  # shut down in parallel: an Orthanc takes 2-3 s to stop
    problems = []
    for process in processes:
        problems.extend(process.shutdown_problems())
    _fail_on(problems)


def _serve(process):
    """Fixture body: start `process`, yield it, and always stop and check it."""
    try:
        process.start()
        yield process
    finally:
        _stop_and_check([process])


def _allowed_error_patterns(request):
    marker = request.node.get_closest_marker("allow_orthanc_errors")
    return None if marker is None else marker.args


# --- directories and the plugin --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def processes(request):
    """The registry of every OrthancProcess started through these fixtures."""
    return request.config.stash[_REGISTRY]


@pytest.fixture(scope="session")
def session_workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("session")


@pytest.fixture(scope="module")
def module_workdir(tmp_path_factory, request):
    return tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture
def workdir(tmp_path):
    """A fresh temporary directory for this test."""
    return tmp_path


@pytest.fixture(scope="session")
def ratatoskr_plugin():
    """Path of the plugin under test; fails (or skips) the test when it is not built."""
    path = ratatoskr_plugin_path()
    if not os.path.isfile(path):
        message = f"Ratatoskr plugin not built: {path} (build target OrthancRatatoskr, or set RATATOSKR_PLUGIN)"
        if os.environ.get("RATATOSKR_ALLOW_MISSING_PLUGIN") == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    return path


# --- the processes ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pacscenter(session_workdir, processes):
    """PACScenter: a plain Orthanc with DICOMweb (no Ratatoskr), shared by the whole session.
    Call `pacscenter.delete_everything()` (or use `clean_pacscenter`) when a test needs it empty."""
    yield from _serve(processes.add(OrthancProcess(session_workdir, "pacscenter", with_ratatoskr=False,
                                                   username=PACSCENTER_USER, password=PACSCENTER_PASSWORD)))


@pytest.fixture
def clean_pacscenter(pacscenter):
    pacscenter.delete_everything()
    return pacscenter


@pytest.fixture(scope="module")
def django_receiver():
    with DjangoReceiver() as receiver:
        yield receiver


@pytest.fixture
def django(django_receiver):
    """The module's Django stand-in, with recordings and programmed answers cleared before the test."""
    django_receiver.reset()
    if not django_receiver.running:
        django_receiver.start()
    return django_receiver


@pytest.fixture(scope="module")
def orthanc_overrides():
    """Override in a test module to change the `orthanc` fixture's configuration (deep-merged)."""
    return {}


@pytest.fixture(scope="module")
def orthanc(module_workdir, pacscenter, django_receiver, ratatoskr_plugin, orthanc_overrides, processes):
    """Orthanc + DICOMweb + Ratatoskr, DICOMweb server / destination "pacscenter", webhook "django"."""
    yield from _serve(processes.add(OrthancProcess(
        module_workdir, "orthanc",
        config_overrides=ratatoskr_overrides(pacscenter, django_receiver, orthanc_overrides))))


@pytest.fixture
def make_orthanc(workdir, processes, request):
    """Factory: make_orthanc(name, config_overrides=None, start=True, **OrthancProcess kwargs) -> OrthancProcess.
    Everything it made is stopped and checked at the end of the test."""
    made = []

    def factory(name="orthanc", config_overrides=None, start=True, **kwargs):
        process = processes.add(OrthancProcess(workdir, name, config_overrides, **kwargs))
        made.append(process)
        if start:
            process.start()
        return process

    yield factory
    patterns = _allowed_error_patterns(request)
    if patterns is not None:
        for process in made:
            process.allow_errors(*patterns)
    _stop_and_check(made)


@pytest.fixture
def browser(request, tmp_path):
    """Headless Chromium for this test: `browser.run("script.mjs", params) -> dict` (harness.browser). Fails (or,
    with RATATOSKR_ALLOW_MISSING_BROWSER=1, skips) when Chromium, node or playwright-core is missing.
    Screenshots land in `<tmp_path>/screenshots/`; a failing test's report lists them."""
    problem = browser_problem()
    if problem:
        message = f"browser tests cannot run: {problem}"
        if os.environ.get("RATATOSKR_ALLOW_MISSING_BROWSER") == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    runner = Browser(tmp_path / "screenshots")
    request.node.stash[_BROWSER] = runner
    return runner


# --- per-test checks and failure reports ------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _orthanc_error_guard(request, processes):
    """Fail the test if an Orthanc that was running when it began logged an unexpected error line meanwhile."""
    starts = {process: process.log_position() for process in processes.running()}
    request.node.stash[_LOG_STARTS] = starts
    request.node.stash[_KNOWN_BEFORE] = set(processes.all())
    yield
    patterns = _allowed_error_patterns(request)
    problems = []
    for process, start in starts.items():
        end = process.log_position()
        if patterns is not None:
            process.allow_errors(*patterns, start=start, end=end)
        lines = process.log.unexpected_error_lines(start)
        if lines:
            process.allow_errors(start=start, end=end)  # reported here, not again at the process's teardown
            problems.append(f"{process.name} logged unexpected error line(s) during the test:\n"
                            + "\n".join(line.text for line in lines))
    _fail_on(problems)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    starts = item.stash.get(_LOG_STARTS, {})
    known_before = item.stash.get(_KNOWN_BEFORE, None)
    for process in item.config.stash[_REGISTRY].all():
        new = known_before is not None and process not in known_before
        if process.running or process in starts or new:
            tail = process.log.tail(40, starts.get(process, process.start_offset))
            if tail:
                report.sections.append((f"Orthanc log ({process.name}, last lines of this test)", tail))
    runner = item.stash.get(_BROWSER, None)
    if runner is not None and runner.screenshots():
        report.sections.append(("Browser screenshots", "\n".join(str(p) for p in runner.screenshots())))
