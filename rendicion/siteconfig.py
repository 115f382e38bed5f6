"""Reading mkdocs.yml for the commands: refused when missing, broken, pluginless or able to run code.

Shared by `cli.py` (the content folder of `check`, `new`, `stats`; `serve`'s
checks) and `sitebuild.py` (each build loads a fresh configuration), so it
sits below both. MkDocs is imported inside `load_config_file`, only when a
command needs the configuration.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigProblem(Exception):
    """mkdocs.yml is missing, broken, or lacks the rendicion plugin (the message is in Spanish)."""


def load_config_file(path: Path):  # -> MkDocsConfig
    """MkDocs' configuration; raises `ConfigProblem` if the file is missing, broken or lacks the plugin."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not path.is_file():
        where = "" if path.is_absolute() else f" en {Path.cwd()}"
        raise ConfigProblem(f"No se encontró el archivo de configuración {path}{where}. Ejecute el comando en la "
                             "carpeta del proyecto (la que tiene mkdocs.yml) o indique el archivo con -f.")
    _refuse_code_in_config(path)
    try:
        config = load_config(str(path))
    except Abort:  # MkDocs has logged each problem above
        raise ConfigProblem(f"El archivo de configuración {path} no es válido: vea los errores de arriba.") from None
    except (ConfigurationError, PluginError, OSError) as error:
        raise ConfigProblem(f"El archivo de configuración {path} no es válido: {error}") from None
    if "rendicion" not in config.plugins:
        raise ConfigProblem(f"El archivo de configuración {path} no activa el plugin «rendicion»: "
                             "añada «- rendicion» en su lista plugins.")
    return config


#: Tags with which MkDocs' YAML loader imports modules or calls code. Only
#: `!!python/name:` (a reference, as Markdown extensions use) is left to it.
_PYTHON_TAG = "tag:yaml.org,2002:python/"
_NAME_TAG = _PYTHON_TAG + "name:"


def _refuse_code_in_config(path: Path) -> None:
    """mkdocs.yml is configuration, but MkDocs reads it with PyYAML's full loader:
    a pull request could make `!!python/object/apply` run a command. Refused
    before MkDocs sees the file. The tags are read from the parser's events, as
    the loader will read them (after `%TAG` handles and `%2F` escapes)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        events = list(yaml.parse(text, Loader=yaml.Loader))  # parsing constructs nothing
    except OSError as error:
        raise ConfigProblem(f"No se pudo leer {path}: {error.strerror}.") from None
    except yaml.YAMLError:
        return  # not YAML: MkDocs' own loader says why, without constructing anything
    for event in events:
        tag = getattr(event, "tag", None) or ""
        if tag.startswith(_PYTHON_TAG) and not tag.startswith(_NAME_TAG):
            line = event.start_mark.line + 1
            raise ConfigProblem(f"{path}:{line}: la etiqueta «{tag}» haría ejecutar código de Python al "
                                 "leer la configuración; no se admite (solo «!!python/name:»).")


def content_of(config) -> Path:  # config: MkDocsConfig
    """The `rendicion` plugin's content folder, beside mkdocs.yml."""
    return Path(config.config_file_path).parent / config.plugins["rendicion"].config.content_dir
