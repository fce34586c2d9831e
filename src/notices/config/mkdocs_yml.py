"""Read a site's ``mkdocs.yml`` as MkDocs does, without MkDocs, so the CLI works wherever Python does.

The rules that change what the file means are MkDocs' own: ``INHERIT:`` merges a
parent file under this one (mappings merged key by key, anything else replaced),
``!ENV VAR`` and ``!ENV [VAR, OTHER, default]`` read the environment, and
``plugins`` is a list or a mapping, ``!!python/name:`` imports the object it names
(Markdown extensions take functions that way) and ``!!python/object/apply:`` calls a
function of Markdown's own packages (``pymdownx.slugs.slugify``). Other tags (``!relative``,
calls into any other package) are kept as plain values: the CLI never needs them, and a
pull request's mkdocs.yml must not run code in ``notices check``. The plugin's options are then
checked by ``schema.validate_options``, the same function the build uses.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from notices.base.errors import ConfigError
from notices.base.options import Options
from notices.config.schema import OPTION_NAMES, PluginOptions, check_directory_urls, validate_options
from notices.text.headings import permalink_from_yaml, set_permalink
from notices.text.markdown import markdown_from_yaml, set_site_markdown

__all__ = [
    "OPTION_NAMES",
    "Locator",
    "SiteConfig",
    "display_path",
    "find_config",
    "load_options",
    "options_from_values",
    "read_config",
    "site_name",
    "site_url",
]


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the tags mkdocs.yml may hold."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV`` exactly as MkDocs reads it (pyyaml-env-tag): the first set variable, else the default."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        raise yaml.constructor.ConstructorError(
            None, None, f"!ENV expects a variable name or a list of them, not a {type(node).__name__}", node.start_mark
        )
    for name in names:
        if str(name) in os.environ:
            value = os.environ[str(name)]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """``!!python/name:pymdownx.superfences.fence_code_format``: the object itself, as MkDocs loads it.

    Markdown extensions take functions this way (custom fences, emoji indexes); kept as text,
    the site's Markdown would render notices unlike its own pages. Other ``python/`` tags
    (objects built by calls) stay plain values: nothing here needs them.
    """
    import importlib

    dotted = suffix.removeprefix("name:")
    module_name, _, attribute = dotted.rpartition(".")
    try:
        if not module_name:
            return importlib.import_module(dotted)
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"`!!python/name:{dotted}` names nothing importable ({exc})", node.start_mark
        ) from None


_TRUSTED = ("pymdownx.", "markdown.", "material.")
"""Packages whose functions ``!!python/object/apply:`` may call: Markdown's own tooling, as in
Material's documented ``slugify: !!python/object/apply:pymdownx.slugs.slugify``. Anything else
stays a plain value: ``notices check`` reads a pull request's mkdocs.yml and must not run it."""


def _python_apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    function = _python_name(loader, suffix.removeprefix("object/apply:"), node)
    if isinstance(node, yaml.SequenceNode):
        return function(*loader.construct_sequence(node, deep=True))
    value = loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) else {}
    return function(*value.get("args", ()), **value.get("kwds", {}))


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if suffix.startswith("name:"):
        return _python_name(loader, suffix, node)
    if suffix.startswith("object/apply:") and suffix.removeprefix("object/apply:").startswith(_TRUSTED):
        return _python_apply(loader, suffix, node)
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _env_tag)
_Loader.add_multi_constructor("!", _any_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    text = str(path)
    if os.path.isabs(text):
        try:
            rel = os.path.relpath(text)
        except ValueError:
            return text
        if not rel.startswith(".."):
            return rel
    return text


def _parse(path: Path) -> tuple[Any, yaml.Node | None]:
    """The file's data and its node tree (which knows each key's line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read this file ({exc})", path=display_path(path)) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(
            f"malformed YAML: {exc.problem or exc.context}",
            path=display_path(path),
            line=mark.line + 1 if mark else None,
            hint="fix the YAML syntax (indentation, quotes, a missing `:`)",
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"malformed YAML: {exc}", path=display_path(path)) from None
    finally:
        loader.dispose()
    return data, node


def _merge(parent: Any, child: Any) -> Any:
    """MkDocs' INHERIT merge (mergedeep's REPLACE strategy)."""
    if isinstance(parent, dict) and isinstance(child, dict):
        merged = dict(parent)
        for key, value in child.items():
            merged[key] = _merge(parent[key], value) if key in parent else value
        return merged
    return child


def _key_line(node: yaml.Node | None, keys: tuple[str | int, ...]) -> int | None:
    """The line of the deepest of ``keys`` found under ``node`` (1-based)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            pair = next((p for p in node.value if isinstance(p[0], yaml.ScalarNode) and p[0].value == str(key)), None)
            if pair is None:
                return line
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _plugin_node(root: yaml.Node | None) -> tuple[yaml.Node | None, int | None]:
    """The node of the notices plugin's options, and the line that names the plugin."""
    plugins = None
    if isinstance(root, yaml.MappingNode):
        plugins = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "plugins"), None)
    if isinstance(plugins, yaml.MappingNode):
        for key, value in plugins.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "notices":
                return value, key.start_mark.line + 1
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.ScalarNode) and item.value == "notices":
                return None, item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                for key, value in item.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == "notices":
                        return value, key.start_mark.line + 1
    return None, None


@dataclass
class Locator:
    """Where a setting is written: the file (mkdocs.yml or one it inherits) and the line."""

    files: list[tuple[str, yaml.Node | None]] = field(default_factory=list)
    """Each file with its node tree, the one that wins first."""

    @classmethod
    def of(cls, config: Path | str) -> Locator:
        """A locator for a config file MkDocs has already read (the plugin's case); never raises."""
        files: list[tuple[str, yaml.Node | None]] = []
        path: Path | None = Path(config)
        seen: set[Path] = set()
        while path is not None and path not in seen:
            seen.add(path)
            try:
                data, node = _parse(path)
            except ConfigError:
                files.append((display_path(path), None))
                break
            files.append((display_path(path), node))
            inherit = data.get("INHERIT") if isinstance(data, dict) else None
            path = (path.parent / str(inherit)).resolve() if inherit else None
        return cls(files or [("mkdocs.yml", None)])

    def option(self, keys: tuple[str | int, ...]) -> tuple[str, int | None]:
        """(file, line) of a key path under the notices plugin's options."""
        fallback: tuple[str, int | None] | None = None
        for path, root in self.files:
            options, plugin_line = _plugin_node(root)
            if plugin_line is None:
                continue
            if keys and _has(options, keys[0]):
                return path, _key_line(options, keys)
            fallback = fallback or (path, plugin_line)
        return fallback or (self.files[0][0], None)

    def setting(self, key: str) -> tuple[str, int | None]:
        """(file, line) of a top-level setting such as ``use_directory_urls``."""
        for path, root in self.files:
            if _has(root, key):
                return path, _key_line(root, (key,))
        return self.files[0][0], None


def _has(node: yaml.Node | None, key: str | int) -> bool:
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == str(key) for k, _ in node.value
    )


@dataclass
class SiteConfig:
    """mkdocs.yml as MkDocs reads it, with where each setting is written."""

    path: Path
    data: dict[str, Any]
    """Every setting after INHERIT and !ENV."""
    plugin: Any
    """The raw options of the notices plugin (None when the plugin is not listed)."""
    enabled: bool
    locator: Locator


def find_config(path: Path | None) -> Path:
    config = path or Path("mkdocs.yml")
    if not config.is_file():
        raise ConfigError(
            "no mkdocs.yml here",
            path=str(config),
            hint="run the command in the site's folder, or pass --config path/to/mkdocs.yml",
        )
    return config


def _read_merged(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], list[tuple[str, yaml.Node | None]]]:
    data, node = _parse(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("mkdocs.yml must be a mapping of settings", path=display_path(path), line=1)
    files = [(display_path(path), node)]
    inherit = data.pop("INHERIT", None)
    if inherit is None:
        return data, files
    parent = (path.parent / str(inherit)).resolve()
    where = {"path": display_path(path), "line": _key_line(node, ("INHERIT",))}
    if parent in seen or parent == path.resolve():
        raise ConfigError(f"`INHERIT: {inherit}` inherits from itself", hint="remove the loop", **where)  # type: ignore[arg-type]
    if not parent.is_file():
        raise ConfigError(
            f"`INHERIT: {inherit}` names a file that does not exist ({parent})",
            hint="fix the path (relative to this file) or remove the line",
            **where,  # type: ignore[arg-type]
        )
    base, parents = _read_merged(parent, (*seen, path.resolve()))
    return _merge(base, data), files + parents


def read_config(path: Path | None) -> SiteConfig:
    """Read mkdocs.yml (and what it inherits) the way MkDocs would."""
    config = find_config(path)
    data, files = _read_merged(config)
    locator = Locator(files)
    plugins = data.get("plugins", ["search"])
    values: Any = None
    listed = False
    if isinstance(plugins, dict):
        listed = "notices" in plugins
        values = plugins.get("notices")
    elif isinstance(plugins, list):
        for entry in plugins:
            if entry == "notices":
                listed, values = True, None
            elif isinstance(entry, dict) and "notices" in entry:
                listed, values = True, entry["notices"]
    elif plugins is not None:
        file, line = locator.setting("plugins")
        raise ConfigError(
            "`plugins` must be a list (or mapping) of plugins", path=file, line=line, hint="write `plugins: [notices]`"
        )
    return SiteConfig(config, data, values if listed else None, listed, locator)


def options_from_values(
    config_dir: Path, docs_dir: str, values: PluginOptions | dict[str, Any], site_name: str = "", lang: str = "en"
) -> Options:
    """Resolve the plugin's (validated) option values against the folder of mkdocs.yml."""
    checked = values if isinstance(values, PluginOptions) else validate_options(dict(values))
    return Options(
        docs_dir=(config_dir / docs_dir).resolve(),
        versions_dir=(config_dir / checked.versions_dir).resolve(),
        changelog_dir=(config_dir / checked.changelog_dir).resolve(),
        cache_dir=(config_dir / checked.cache_dir).resolve(),
        cache=checked.cache,
        include=tuple(checked.include),
        elements=dict(checked.elements),
        raw_html=checked.raw_html,
        previous_manifest=checked.previous_manifest or None,
        hooks=tuple(checked.hooks),
        retired=dict(checked.retired),
        renamed=dict(checked.renamed),
        languages=dict(checked.languages),
        messages={lang: dict(table) for lang, table in checked.messages.items()},
        pdf=checked.pdf,
        site_name=site_name,
        lang=lang,
    )


def check_i18n_layout(structure: object, locate: Callable[[], tuple[str, int | None]]) -> None:
    """mkdocs-static-i18n's folder layout (``docs/da/privacy.md``) would make each language's
    file a notice of its own (``da/privacy``), unpaired and in the site's language: refused
    by the build and by ``notices check`` alike, with the layout the tool reads translations from."""
    if structure is None or str(structure) == "suffix":
        return
    file, line = locate()
    raise ConfigError(
        f"mkdocs-static-i18n's `docs_structure: {structure}` cannot be used with the notices plugin: "
        "a notice's translations are files beside it (docs/privacy.da.md), so a notice in a "
        "language folder (docs/da/privacy.md) would be a notice of its own",
        path=file,
        line=line,
        hint="set `docs_structure: suffix` under the i18n plugin and name translations "
        "privacy.da.md; the tool still answers at /da/privacy/ (a redirect to /privacy.da/)",
    )


def _i18n_structure(plugins: object) -> object:
    """``docs_structure`` of the i18n plugin in mkdocs.yml's ``plugins`` (a list or a mapping)."""
    if isinstance(plugins, dict):
        settings = plugins.get("i18n")
    elif isinstance(plugins, list):
        settings = next((e["i18n"] for e in plugins if isinstance(e, dict) and "i18n" in e), None)
    else:
        settings = None
    return settings.get("docs_structure") if isinstance(settings, dict) else None


def load_options(path: Path | None) -> tuple[Options, bool]:
    """Options from mkdocs.yml, and whether the notices plugin is enabled there.

    Fails exactly where ``mkdocs build`` would: same option schema, and the same
    site settings the plugin refuses (``use_directory_urls: false``).
    """
    site = read_config(path)
    checked = validate_options(site.plugin, locate=site.locator.option, base=site.path.parent.resolve())
    enabled = site.enabled and checked.enabled
    data = site.data
    if enabled:
        check_directory_urls(data.get("use_directory_urls", True), lambda: site.locator.setting("use_directory_urls"))
        check_i18n_layout(_i18n_structure(data.get("plugins")), lambda: site.locator.setting("plugins"))
    theme = data.get("theme")
    lang = str(theme.get("language") or "en") if isinstance(theme, dict) else "en"
    docs_dir = data.get("docs_dir") or "docs"
    options = options_from_values(site.path.parent, str(docs_dir), checked, str(data.get("site_name") or ""), lang)
    set_permalink(permalink_from_yaml(data.get("markdown_extensions")))  # pages as MkDocs' toc would have them
    try:
        set_site_markdown(*markdown_from_yaml(data.get("markdown_extensions")))  # and its Markdown
    except ConfigError as exc:
        file, line = site.locator.setting("markdown_extensions")
        raise ConfigError(exc.message, path=file, line=line, hint=exc.hint) from None
    return options, enabled


def _setting(path: Path | None, key: str) -> str:
    value = read_config(path).data.get(key)
    return str(value) if value else ""


def site_url(path: Path | None) -> str:
    return _setting(path, "site_url")


def site_name(path: Path | None) -> str:
    return _setting(path, "site_name")
