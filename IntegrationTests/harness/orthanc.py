"""A real Orthanc process on free loopback ports, in its own directory, with its own configuration and log."""

import atexit
import json
import re
import signal
import subprocess
import time
import weakref
from pathlib import Path

import requests

from . import paths
from .config import merge_config
from .orthanc_http import OrthancClient
from .orthanc_log import OrthancLog
from .ports import free_port

START_TIMEOUT = 30
STOP_TIMEOUT = 20
PORT_IN_USE = "privileged or already in use"
_PORT_RETRIES = 3

_RUNNING = weakref.WeakSet()  # processes to stop if the interpreter exits without a fixture teardown


@atexit.register
def _stop_leftovers():
    for process in list(_RUNNING):
        process.stop()


class OrthancStartError(RuntimeError):
    """Orthanc did not come up (or, for start_expecting_failure, did not go down)."""


class _PortInUse(Exception):
    pass


def describe_exit(code):
    """How a process ended, e.g. "code 255", or "signal SIGABRT" when a signal killed it (negative code)."""
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"code {code}"


def _aet_for(name):
    aet = re.sub(r"[^A-Z0-9_]", "", name.upper())[:16]
    return aet or "ORTHANC"


class OrthancProcess(OrthancClient):
    """An Orthanc 1.10.1 started from /usr/sbin/Orthanc.

    Files live in `<workdir>/<name>/`: config.json, storage/ (StorageDirectory and IndexDirectory) and orthanc.log
    (stdout and stderr, appended to across restarts). `config_overrides` is deep-merged into the generated
    configuration (a None value deletes a key; e.g. {"Ratatoskr": {...}} for the plugin's section,
    {"DicomWeb": {"Servers": {...}}} for DICOMweb peers). `plugins` are extra plugin paths loaded after DICOMweb
    and Ratatoskr. HTTP helpers (get/post/put/delete, upload_dicom, wait_job, ...) come from OrthancClient.
    """

    def __init__(self, workdir, name, config_overrides=None, plugins=(), with_dicomweb=True, with_ratatoskr=True,
                 username="admin", password="admin-pw", verbose=True, http_port=None, dicom_port=None,
                 die_with_parent=True):
        self.name = name
        self.directory = Path(workdir) / name
        self.directory.mkdir(parents=True, exist_ok=True)
        self.storage_directory = self.directory / "storage"
        self.config_path = self.directory / "config.json"
        self.log = OrthancLog(self.directory / "orthanc.log")
        self.verbose = verbose
        self.die_with_parent = die_with_parent
        self._fixed_ports = http_port is not None or dicom_port is not None
        self.http_port = http_port or free_port()
        self.dicom_port = dicom_port or free_port()
        self.plugin_paths = self._plugin_paths(plugins, with_dicomweb, with_ratatoskr)
        self.with_dicomweb = with_dicomweb
        self.with_ratatoskr = with_ratatoskr
        self._overrides = config_overrides or {}
        self._process = None
        self._log_handle = None
        self.start_offset = 0  # log offset where the latest start began
        self._abnormal_exit_expected = False  # kill() or a refused start: a non-zero exit code is expected
        self._terminating = False  # SIGTERM already sent to the current run
        self.exit_code = None  # exit code of the latest run, once stopped
        super().__init__(self._base_url(), username, password)
        self.write_config()

    # --- configuration ----------------------------------------------------------------------------------------

    @staticmethod
    def _plugin_paths(plugins, with_dicomweb, with_ratatoskr):
        result = []
        if with_dicomweb:
            result.append(paths.DICOMWEB_PLUGIN)
        if with_ratatoskr:
            result.append(paths.ratatoskr_plugin_path())
        result.extend(str(p) for p in plugins)
        for path in result:
            if not Path(path).is_file():
                raise paths.PluginNotBuilt(f"plugin not found: {path} (Orthanc would start without it)")
        return result

    def _base_url(self):
        return f"http://127.0.0.1:{self.http_port}"

    def base_config(self):
        config = {
            "Name": self.name,
            "StorageDirectory": str(self.storage_directory),
            "IndexDirectory": str(self.storage_directory),
            "HttpPort": self.http_port,
            "DicomPort": self.dicom_port,
            "DicomAet": _aet_for(self.name),
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": True,
            "RegisteredUsers": {self.username: self.password},
            "Plugins": self.plugin_paths,
            "StableAge": 2,
        }
        if self.with_dicomweb:
            config["DicomWeb"] = {"Enable": True, "Root": "/dicom-web/", "Servers": {}}
        if self.with_ratatoskr:
            config["Ratatoskr"] = {}
        return config

    @property
    def config(self):
        return merge_config(self.base_config(), self._overrides)

    def write_config(self):
        self.config_path.write_text(json.dumps(self.config, indent=2))

    def update_config(self, overrides):
        """Merge more overrides into the configuration and rewrite the file (takes effect at the next start)."""
        self._overrides = merge_config(self._overrides, overrides)
        self.write_config()

    def dicomweb_server_entry(self, **extra):
        """A "DicomWeb.Servers" entry that points another Orthanc at this one's DICOMweb root."""
        entry = {"Url": self.url_for("/dicom-web/"), "Username": self.username, "Password": self.password}
        entry.update(extra)
        return entry

    # --- lifecycle --------------------------------------------------------------------------------------------

    @property
    def running(self):
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self):
        return self._process.pid if self._process else None

    def _command(self):
        command = [paths.ORTHANC_BINARY, str(self.config_path)]
        if self.verbose:
            command.append("--verbose")
        if self.die_with_parent:
            # The kernel sends SIGTERM to Orthanc if the thread that started it dies (e.g. pytest killed -9).
            command = ["setpriv", "--pdeathsig", "TERM", "--"] + command
        return command

    def _launch(self):
        if self.running:
            raise OrthancStartError(f"{self.name} is already running")
        self.write_config()
        self.start_offset = self.log.position()
        self._log_handle = open(self.log.path, "ab")
        self._log_handle.write(f"---- harness: starting {self.name} (HTTP {self.http_port}, DICOM "
                               f"{self.dicom_port}) ----\n".encode())
        self._log_handle.flush()
        self.exit_code = None
        self._abnormal_exit_expected = False
        self._terminating = False
        self._process = subprocess.Popen(self._command(), stdout=self._log_handle, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, cwd=self.directory)
        _RUNNING.add(self)

    def _answers_system(self):
        try:
            response = self.api.get(self.url_for("/system"), timeout=1)
        except requests.RequestException:
            return False
        return response.status_code == 200

    def _exited_early(self):
        self._close_log()
        _RUNNING.discard(self)
        self.exit_code = self._process.returncode
        # Reported by the exception raised here: not again as an unexpected exit or error line at teardown.
        self._abnormal_exit_expected = True
        self.log.allow_errors(start=self.start_offset, end=self.log.position())
        text = self.log.text(self.start_offset)
        if PORT_IN_USE in text:
            raise _PortInUse()
        raise OrthancStartError(f"{self.name} exited with {describe_exit(self.exit_code)} while starting; log tail:\n"
                                f"{self.log.tail(40, self.start_offset)}")

    def _pick_new_ports(self):
        self.http_port = free_port()
        self.dicom_port = free_port()
        self.url = self._base_url()

    def _with_port_retries(self, attempt):
        for retry in range(_PORT_RETRIES):
            try:
                return attempt()
            except _PortInUse:
                if self._fixed_ports or retry == _PORT_RETRIES - 1:
                    raise OrthancStartError(f"{self.name}: port already in use (HTTP {self.http_port}, DICOM "
                                            f"{self.dicom_port}); log tail:\n{self.log.tail(20, self.start_offset)}")
                self._pick_new_ports()
        raise AssertionError("unreachable")

    def start(self, timeout=START_TIMEOUT):
        """Start and wait until GET /system answers; raise OrthancStartError (with the log tail) otherwise."""
        def attempt():
            self._launch()
            deadline = time.monotonic() + timeout
            while not self._answers_system():
                if self._process.poll() is not None:
                    self._exited_early()
                if time.monotonic() >= deadline:
                    self.stop()
                    raise OrthancStartError(f"{self.name} did not answer GET /system within {timeout} s; log "
                                            f"tail:\n{self.log.tail(40, self.start_offset)}")
                time.sleep(0.05)
            return self
        return self._with_port_retries(attempt)

    def start_expecting_failure(self, timeout=START_TIMEOUT):
        """Start a configuration that must be refused: wait for Orthanc to exit and return (exit code, log text of
        this start). Raise OrthancStartError if it starts serving instead, or neither happens within `timeout`.
        Error lines of this start count as expected."""
        def attempt():
            self._launch()
            deadline = time.monotonic() + timeout
            while self._process.poll() is None:
                if self._answers_system():
                    self.stop()
                    raise OrthancStartError(f"{self.name} started although its configuration should be refused; "
                                            f"log tail:\n{self.log.tail(40, self.start_offset)}")
                if time.monotonic() >= deadline:
                    self.stop()
                    raise OrthancStartError(f"{self.name} neither started nor exited within {timeout} s")
                time.sleep(0.05)
            text = self.log.text(self.start_offset)
            if PORT_IN_USE in text:
                self._close_log()
                raise _PortInUse()
            self._close_log()
            _RUNNING.discard(self)
            self.exit_code = self._process.returncode
            self._abnormal_exit_expected = True
            self.log.allow_errors(start=self.start_offset, end=self.log.position())
            return self.exit_code, text
        return self._with_port_retries(attempt)

    def terminate(self):
        """Send SIGTERM once, without waiting (to shut several Orthancs down in parallel; then call stop()).
        Only once: Orthanc restores the default handler after the first SIGTERM, so a second one kills it."""
        if self.running and not self._terminating:
            self._terminating = True
            self._process.send_signal(signal.SIGTERM)

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, wait, SIGKILL if still alive after `timeout` s. Returns the exit code. Idempotent."""
        if self._process is None:
            return self.exit_code
        if self._process.poll() is None:
            self.terminate()
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self.exit_code = self._process.returncode
        self._close_log()
        _RUNNING.discard(self)
        return self.exit_code

    def kill(self):
        """SIGKILL (a crash, for recovery tests). Returns the exit code."""
        if self.running:
            self._abnormal_exit_expected = True
            self._process.kill()
            self._process.wait()
        return self.stop()

    def restart(self, timeout=START_TIMEOUT):
        """Stop and start again with the same ports, configuration file and storage."""
        self.stop()
        return self.start(timeout)

    def reset(self, timeout=60):
        """POST /tools/reset (Orthanc finalizes and re-initializes its plugins inside the same process) and wait
        until it has started again. Our keep-alive connections are closed first: civetweb's stop waits for every
        open connection, so a client that keeps one open delays the reset until the request timeout (30 s).
        Orthanc 1.10.1 leaves SIGTERM at its default action after such a reset (seen without any plugin: the
        next SIGTERM kills the process, exit "signal SIGTERM"), so that exit is expected."""
        position = self.log.position()
        self.post("/tools/reset", json={})
        self.api.close()
        self.anonymous.close()
        self._abnormal_exit_expected = True
        deadline = time.monotonic() + timeout
        while "Orthanc has started" not in self.log.text(position) or not self._answers_system():
            if not self.running or time.monotonic() >= deadline:
                raise OrthancStartError(f"{self.name} did not come back after /tools/reset; log tail:\n"
                                        f"{self.log.tail(40, position)}")
            time.sleep(0.1)
        return self

    def _close_log(self):
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None

    # --- log ------------------------------------------------------------------------------------------------

    def log_text(self, since=0):
        return self.log.text(since)

    def log_position(self):
        return self.log.position()

    def error_lines(self, since=0):
        """Error lines (glog "E" + digits) of the whole log or from byte offset `since`, as strings."""
        return [line.text for line in self.log.error_lines(since)]

    def allow_errors(self, *patterns, start=0, end=None):
        self.log.allow_errors(*patterns, start=start, end=end)

    def unexpected_error_lines(self, since=0):
        return [line.text for line in self.log.unexpected_error_lines(since)]

    def shutdown_problems(self):
        """Stop if needed; return what went wrong in this process's life: a non-zero exit code of the last run
        (unless kill() was used) and error lines nobody declared as expected."""
        self.stop()
        problems = []
        if self.exit_code not in (0, None) and not self._abnormal_exit_expected:
            problems.append(f"{self.name} exited with {describe_exit(self.exit_code)}; log tail:\n{self.log.tail(30)}")
        lines = self.unexpected_error_lines()
        if lines:
            problems.append(f"{self.name} logged {len(lines)} unexpected error line(s):\n" + "\n".join(lines))
        return problems

    def __repr__(self):
        state = "running" if self.running else f"stopped (exit {self.exit_code})"
        return f"<OrthancProcess {self.name} {self.url} {state}>"
