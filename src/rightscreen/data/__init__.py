"""The data shipped with rightscreen, read in one place: YAML files of domain knowledge, and the
word counts of the built-in lists that `make snapshot` writes."""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from typing import Any

import yaml

WORD_STATS = "word_stats.json.gz"


def load_yaml(name: str) -> Any:
    """One YAML file of `rightscreen/data`, parsed. Callers cache what they make of it."""
    return yaml.safe_load(resources.files("rightscreen.data").joinpath(name).read_text("utf-8"))


def load_sourced_yaml(name: str, groups: tuple[str, ...], key: str) -> Any:
    """A YAML file whose entries in `groups` each name a source that its `sources` defines;
    an entry with an unknown source is an error naming the file and the entry's `key`."""
    data = load_yaml(name)
    for group in groups:
        for entry in data[group]:
            if entry["source"] not in data["sources"]:
                raise ValueError(f"{name}: {entry[key]}: unknown source {entry['source']}")
    return data


@cache
def word_stats() -> tuple[dict[str, int], int]:
    """How many distinct listed names use each word in the built-in lists, and how many
    distinct names there are; nothing when `make snapshot` has not written them."""
    try:
        raw = resources.files("rightscreen.data").joinpath(WORD_STATS).read_bytes()
    except (FileNotFoundError, OSError):
        return {}, 0
    data = json.loads(gzip.decompress(raw))
    return {str(k): int(v) for k, v in data["counts"].items()}, int(data["distinct_names"])


@cache
def stopwords() -> frozenset[str]:
    """Words a name is not told apart by (of, the, and...)."""
    return frozenset(load_yaml("stopwords.yaml")["stopwords"])
