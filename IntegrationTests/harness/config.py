"""Building Orthanc configuration dictionaries."""

import copy


def merge_config(base, overrides):
    """A deep copy of `base` with `overrides` merged in.

    Nested dictionaries are merged key by key; any other value replaces the old one; a value of None removes the
    key (e.g. {"Ratatoskr": None} drops the whole section).
    """
    result = copy.deepcopy(base)
    for key, value in (overrides or {}).items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge_config(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result
