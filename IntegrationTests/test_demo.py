"""The README's demo command works: real processes, the sample case anonymized, delivered to PACScenter and
recorded by the Django example with its course, a clean stop."""

import os
import subprocess

from harness.ports import free_port
from markers import ROOT


def test_demo_check_sends_the_sample_case(ratatoskr_plugin, tmp_path):
    env = dict(os.environ, RATATOSKR_PLUGIN=ratatoskr_plugin)
    command = ["/usr/bin/python3", str(ROOT / "Resources" / "Scripts" / "demo.py"), "--check",
               "--port", str(free_port()), "--pacscenter-port", str(free_port()), "--workdir", str(tmp_path)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Ratatoskr demo is running" in done.stdout
    assert '"State": "Success"' in done.stdout
    assert '"LeakCheck": "Passed"' in done.stdout
    assert '"State": "Delivered"' in done.stdout
    assert '"CourseId": "RAD-101"' in done.stdout
