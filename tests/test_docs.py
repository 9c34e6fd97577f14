"""The docs are tested: every message type, action, error code, command and option is documented."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import click
import pytest

from partyhost import protocol
from partyhost.cli import cli
from partyhost.packs.model import Pack, parse_pack

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PROTOCOL = (DOCS / "protocol.md").read_text(encoding="utf-8")


def _headings(text: str) -> set[str]:
    return set(re.findall(r"^### `([a-z_]+)`", text, flags=re.MULTILINE))


@pytest.mark.parametrize("kind", protocol.CLIENT_TYPES + protocol.SERVER_TYPES)
def test_every_message_type_has_a_section_in_protocol_md(kind: str) -> None:
    assert kind in _headings(PROTOCOL)


def test_protocol_md_documents_no_message_type_that_does_not_exist() -> None:
    assert _headings(PROTOCOL) <= set(protocol.CLIENT_TYPES + protocol.SERVER_TYPES)


@pytest.mark.parametrize("action", protocol.ACTIONS)
def test_every_host_action_is_in_the_actions_table(action: str) -> None:
    assert re.search(rf"^\| `{action}` \|", PROTOCOL, flags=re.MULTILINE)


@pytest.mark.parametrize("code", sorted(set(protocol.ERROR_CODES) | protocol.core_error_codes()))
def test_every_error_code_is_in_the_errors_table(code: str) -> None:
    assert re.search(rf"^\| `{code}` \|", PROTOCOL, flags=re.MULTILINE)


def test_every_error_code_the_core_raises_is_a_protocol_error_code() -> None:
    assert protocol.core_error_codes() <= set(protocol.ERROR_CODES)


@pytest.mark.parametrize("status", protocol.ACK_STATUSES)
def test_every_ack_status_is_documented(status: str) -> None:
    assert re.search(rf"^\| `{status}` \|", PROTOCOL, flags=re.MULTILINE)


def _json_examples(text: str) -> list[object]:
    blocks = re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
    found = []
    for block in blocks:
        try:
            found.append(json.loads(block))
        except json.JSONDecodeError:
            continue  # fragments like `"reveal": {...}` illustrate a key, not a frame
    return found


def test_every_client_example_in_protocol_md_is_a_valid_frame() -> None:
    examples = [e for e in _json_examples(PROTOCOL) if isinstance(e, dict) and e.get("type") in protocol.CLIENT_TYPES]
    assert {e["type"] for e in examples} == set(protocol.CLIENT_TYPES)
    for example in examples:
        protocol.parse(json.dumps(example))


def test_every_server_type_has_an_example_frame() -> None:
    kinds = {e.get("type") for e in _json_examples(PROTOCOL) if isinstance(e, dict)}
    assert set(protocol.SERVER_TYPES) <= kinds


def _commands(group: click.Group, prefix: str = "partyhost") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
        else:
            found.append((path, command))
    return found


CLI_MD = (DOCS / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path,command", _commands(cli), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_and_option_is_in_cli_md(path: str, command: click.Command) -> None:
    section = CLI_MD.split(f"## `{path}")[1].split("\n## ")[0] if f"## `{path}" in CLI_MD else None
    assert section is not None, f"docs/cli.md has no section for {path}"
    for param in command.params:
        if isinstance(param, click.Option):
            assert any(f"`{opt}`" in section for opt in param.opts), f"{path}: {param.opts} undocumented"
            if param.envvar and isinstance(param.envvar, str):
                assert f"`{param.envvar}`" in section, f"{path}: {param.envvar} undocumented"


def test_pack_schema_file_is_current() -> None:
    stored = json.loads((DOCS / "pack.schema.json").read_text(encoding="utf-8"))
    assert stored == Pack.model_json_schema(), "run: partyhost packs schema > docs/pack.schema.json"


def test_the_example_in_packs_md_is_a_valid_pack() -> None:
    text = (DOCS / "packs.md").read_text(encoding="utf-8")
    example = next(e for e in _json_examples(text) if isinstance(e, dict) and "questions" in e)
    assert len(parse_pack(example, "packs.md").questions) == 3


def test_every_doc_the_readme_links_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/[^)]+)\)", readme)
    assert links
    for link in links:
        assert (ROOT / link).is_file(), link


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_every_test_reliability_md_names_exists() -> None:
    text = (DOCS / "reliability.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", text)
    assert len(named) >= 20, "reliability.md names the tests that prove each guarantee"
    missing = [f"{path}::{name}" for path, name in named if name not in _test_functions(ROOT / path)]
    assert not missing, f"reliability.md names tests that do not exist: {missing}"
