"""`partyhost cloud` and its keys, through the real command line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from partyhost.cloud.signing import parse_key

from cloud_support import ROOT, item, push, result_document, start_receiver


def _cloud(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "partyhost", "cloud", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_keys_are_made_listed_and_revoked_and_a_revoked_key_is_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cloud.db'}"
    made = _cloud("keys", "create", "springfield", "--db", db)
    assert made.returncode == 0, made.stderr
    value = re.search(r"--cloud-key (\S+)", made.stdout)
    assert value is not None, made.stdout
    key = parse_key(value.group(1))
    assert f"Key id:       {key.id}" in made.stdout and f"Secret:       {key.secret}" in made.stdout

    # The group's --db works as well as the subcommand's.
    listed = _cloud("--db", db, "keys", "list")
    assert listed.returncode == 0 and key.id in listed.stdout and "springfield" in listed.stdout
    assert key.secret not in listed.stdout  # never shown again

    receiver = start_receiver(db)
    try:
        assert push(receiver.url, key, [item(1, result_document("AAAA"))]).status_code == 200
        revoked = _cloud("keys", "revoke", key.id, "--db", db)
        assert revoked.returncode == 0 and f"Revoked {key.id} of springfield." in revoked.stdout
        refused = push(receiver.url, key, [item(2, result_document("BBBB"))])
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "key_revoked"
    finally:
        receiver.stop()
    assert "REVOKED" in _cloud("keys", "list", "--db", db).stdout


def test_wrong_names_and_databases_are_clear_errors(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cloud.db'}"
    bad_org = _cloud("keys", "create", "Springfield Schools!", "--db", db)
    assert bad_org.returncode == 1 and "is not an organization name" in bad_org.stderr
    unknown = _cloud("keys", "revoke", "pk_nope", "--db", db)
    assert unknown.returncode == 1 and "there is no key 'pk_nope'" in unknown.stderr
    unreachable = _cloud("--db", "postgresql://nobody@127.0.0.1:1/none", "--port", "0")
    assert unreachable.returncode == 1 and "cannot open the database postgresql://nobody@127.0.0.1:1/none" in (
        unreachable.stderr
    )
    assert "Traceback" not in bad_org.stderr + unknown.stderr + unreachable.stderr
