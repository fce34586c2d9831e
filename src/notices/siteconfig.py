"""Read a site's ``mkdocs.yml`` without MkDocs, so the CLI works wherever Python does."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .options import Options

__all__ = ["OPTION_NAMES", "find_config", "load_options", "options_from_values"]

OPTION_NAMES = (
    "enabled",
    "include",
    "versions_dir",
    "changelog_dir",
    "cache_dir",
    "cache",
    "elements",
    "raw_html",
    "previous_manifest",
    "hooks",
)


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!ENV`` and ``!!python/name:`` tags; the CLI only needs plain keys."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def find_config(path: Path | None) -> Path:
    config = path or Path("mkdocs.yml")
    if not config.is_file():
        raise ConfigError(
            "no mkdocs.yml here",
            path=str(config),
            hint="run the command in the site's folder, or pass --config path/to/mkdocs.yml",
        )
    return config


def options_from_values(
    config_dir: Path, docs_dir: str, values: dict[str, Any], site_name: str = "", lang: str = "en"
) -> Options:
    """Resolve the plugin's option values against the folder of mkdocs.yml."""
    include = values.get("include") or []
    if isinstance(include, str):
        include = [include]
    return Options(
        docs_dir=(config_dir / docs_dir).resolve(),
        versions_dir=(config_dir / str(values.get("versions_dir") or "versions")).resolve(),
        changelog_dir=(config_dir / str(values.get("changelog_dir") or "changelog")).resolve(),
        cache_dir=(config_dir / str(values.get("cache_dir") or ".cache/notices")).resolve(),
        cache=values.get("cache", True) is not False,
        include=tuple(str(glob) for glob in include),
        elements=dict(values.get("elements") or {}),
        raw_html=bool(values.get("raw_html", False)),
        previous_manifest=str(values["previous_manifest"]) if values.get("previous_manifest") else None,
        hooks=tuple(values.get("hooks") or ()),
        site_name=site_name,
        lang=lang,
    )


def load_options(path: Path | None) -> tuple[Options, bool]:
    """Options from mkdocs.yml, and whether the notices plugin is enabled there."""
    config = find_config(path)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(
            f"malformed YAML: {exc.problem}", path=str(config), line=mark.line + 1 if mark else None
        ) from None
    if not isinstance(data, dict):
        raise ConfigError("mkdocs.yml must be a mapping of settings", path=str(config))
    values: dict[str, Any] | None = None
    for entry in data.get("plugins") or []:
        if entry == "notices":
            values = {}
        elif isinstance(entry, dict) and "notices" in entry:
            values = entry["notices"] or {}
    enabled = values is not None
    values = values or {}
    for key in values:
        if key not in OPTION_NAMES:
            close = difflib.get_close_matches(key, OPTION_NAMES, n=1)
            raise ConfigError(
                f"`{key}` is not an option of the notices plugin",
                path=str(config),
                hint=f"did you mean `{close[0]}`?" if close else "options: " + ", ".join(OPTION_NAMES),
            )
    enabled = enabled and values.get("enabled", True) is not False
    theme = data.get("theme")
    lang = str(theme.get("language") or "en") if isinstance(theme, dict) else "en"
    options = options_from_values(
        config.parent, str(data.get("docs_dir") or "docs"), values, str(data.get("site_name") or ""), lang
    )
    return options, enabled


def _setting(path: Path | None, key: str) -> str:
    data = yaml.load(find_config(path).read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    return str(data.get(key) or "") if isinstance(data, dict) else ""


def site_url(path: Path | None) -> str:
    return _setting(path, "site_url")


def site_name(path: Path | None) -> str:
    return _setting(path, "site_name")
