"""Integration-test harness for Ratatoskr: real Orthanc processes, a PACScenter Orthanc, a Django stand-in."""

from .config import merge_config
from .deployment import (PACSCENTER_PASSWORD, PACSCENTER_USER, RATATOSKR_SECRET, WEBHOOK_KEY, WEBHOOK_PATH,
                         WEBHOOK_SECRET, ratatoskr_overrides)
from .dicom import make_study, read_dicom
from .django import DjangoReceiver, RecordedRequest
from .orthanc import OrthancProcess, OrthancStartError
from .orthanc_http import OrthancClient, OrthancHttpError
from .paths import PluginNotBuilt, ratatoskr_plugin_path
from .ports import free_port, free_ports
from .waiting import WaitTimeout, wait_until

__all__ = [
    "DjangoReceiver", "OrthancClient", "OrthancHttpError", "OrthancProcess", "OrthancStartError",
    "PACSCENTER_PASSWORD", "PACSCENTER_USER", "PluginNotBuilt", "RATATOSKR_SECRET", "RecordedRequest",
    "WEBHOOK_KEY", "WEBHOOK_PATH", "WEBHOOK_SECRET", "WaitTimeout", "free_port", "free_ports", "make_study",
    "merge_config", "ratatoskr_overrides", "ratatoskr_plugin_path", "read_dicom", "wait_until",
]
