"""Where the binaries under test live. Each can be overridden by an environment variable."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

ORTHANC_BINARY = os.environ.get("ORTHANC_BINARY", "/usr/sbin/Orthanc")
DICOMWEB_PLUGIN = os.environ.get("ORTHANC_DICOMWEB_PLUGIN", "/usr/share/orthanc/plugins/libOrthancDicomWeb.so")


def ratatoskr_plugin_path():
    """Path of libOrthancRatatoskr.so: $RATATOSKR_PLUGIN, else <repo>/build/libOrthancRatatoskr.so."""
    return os.environ.get("RATATOSKR_PLUGIN", str(REPO_ROOT / "build" / "libOrthancRatatoskr.so"))


class PluginNotBuilt(FileNotFoundError):
    """A plugin file to load does not exist (Orthanc would silently start without it)."""
