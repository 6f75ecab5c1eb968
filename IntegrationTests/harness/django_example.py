"""The Django receiver example of Resources/Django as a real process: Debian's python3-django, `manage.py migrate` on
a fresh SQLite file, then `runserver --noreload` on a free loopback port; stopped (and its log checked for the secret)
at the end."""

import os
import shutil
import subprocess
import sys

import pytest
import requests

from .paths import REPO_ROOT
from .ports import free_port
from .waiting import wait_until

EXAMPLE = REPO_ROOT / "Resources" / "Django"
WEBHOOK_PATH = "/ratatoskr/webhook"


def django_version():
    """Django's version as the test interpreter sees it; fails the test if Django is missing."""
    completed = subprocess.run([sys.executable, "-c", "import django; print(django.get_version())"],
                               capture_output=True, text=True)
    if completed.returncode != 0:
        pytest.fail(f"Django is not importable by {sys.executable}: install python3-django "
                    "(Resources/Scripts/install-dependencies.sh --tests)", pytrace=False)
    return completed.stdout.strip()


def example_environment(database, secret):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RATATOSKR_"))}
    environment.update({"RATATOSKR_WEBHOOK_SECRET": secret, "RATATOSKR_RECEIVER_DATABASE": str(database),
                        "PYTHONDONTWRITEBYTECODE": "1", "DJANGO_SETTINGS_MODULE": "receiver.settings"})
    return environment


def manage(environment, *arguments, timeout=60):
    return subprocess.run([sys.executable, "manage.py", *arguments], cwd=EXAMPLE, env=environment,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


class DjangoExample:
    def __init__(self, directory, secret):
        self.directory = directory
        self.secret = secret
        self.environment = example_environment(directory / "db.sqlite3", secret)
        self.log_path = directory / "runserver.log"
        self.process = None
        self.url = None

    def start(self):
        migrated = manage(self.environment, "migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        port = free_port()
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
        if shutil.which("setpriv"):
            command = ["setpriv", "--pdeathsig", "TERM", "--"] + command  # dies with pytest, even on kill -9
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=EXAMPLE, env=self.environment, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}"
        wait_until(self._answers, timeout=30, description="the Django example to answer")
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"runserver exited with {self.process.returncode}:\n{self.log_path.read_text()}")
        try:
            return requests.get(self.url + "/events", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        assert self.secret not in self.log_path.read_text()

    def url_for(self, path):
        return self.url + path

    def cases(self):
        return requests.get(self.url + "/cases", timeout=5).json()["Cases"]

    def events(self):
        return requests.get(self.url + "/events", timeout=5).json()["Events"]
